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


@pytest.fixture
def substrate(node):
    """A py-substrate-interface client of the module's dev node (skipped where the package is missing)."""
    substrateinterface = pytest.importorskip("substrateinterface")
    s = substrateinterface.SubstrateInterface(url=node.url)
    yield s
    s.close()
