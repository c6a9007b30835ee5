import pytest

from tests.node.rpc.support import NodeThread, Ws


@pytest.fixture(scope="module")
def node():
    n = NodeThread()
    yield n
    n.stop()


@pytest.fixture
def ws(node):
    client = Ws(node.url)
    yield client
    client.close()
