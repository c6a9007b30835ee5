// polkadot.js (unmodified @polkadot/api) against a parahost dev node: `node run.mjs <ws-url> <scenario>`.
// Prints one JSON line (`RESULT {...}`) with what the scenario observed; pytest asserts on it. Exits non-zero
// on any error or after a generous timeout (the machine is shared: nothing here measures time).
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';

const [url, scenario] = process.argv.slice(2);
const TIMEOUT_MS = 120_000;

function signAndWatch (tx, signer) {
  // Resolves once the transaction is finalized with every status seen, the InBlock block if that status came
  // (a watcher may see Finalized without it: the node holds Finalized only briefly), and the finalized block
  // with the events pjs read there; rejects on an error.
  return new Promise((resolve, reject) => {
    const statuses = [];
    let inBlock = null;
    tx.signAndSend(signer, ({ status, events, dispatchError }) => {
      statuses.push(status.type);
      if (dispatchError) reject(new Error(`dispatch error: ${dispatchError.toString()}`));
      if (status.isInBlock) inBlock = status.asInBlock.toHex();
      if (status.isFinalized) {
        const names = events.map(({ event }) => `${event.section}.${event.method}`);
        const transfer = events.find(({ event }) => api.events.balances.Transfer.is(event));
        resolve({ statuses, inBlock, block: status.asFinalized.toHex(), events: names,
          transfer: transfer ? transfer.event.data.amount.toString() : null,
          era: tx.era.isMortalEra ? tx.era.asMortalEra.period.toNumber() : 0, hash: tx.hash.toHex() });
      }
      if (status.isInvalid || status.isDropped || status.isUsurped) reject(new Error(`status ${status.type}`));
    }).catch(reject);
  });
}

const scenarios = {
  async connect () {
    const v = api.runtimeVersion;
    return { specName: v.specName.toString(), genesis: api.genesisHash.toHex(), chain: (await api.rpc.system.chain()).toString(),
      pallets: api.runtimeMetadata.asLatest.pallets.map((p) => p.name.toString()), calls: Object.keys(api.call),
      rpc: Object.keys(api.rpc.chain), ss58: api.registry.chainSS58, decimals: api.registry.chainDecimals[0] };
  },
  async storage () {
    const alice = new Keyring({ type: 'sr25519' }).addFromUri('//Alice');
    const number = await api.query.system.number();
    const account = await api.query.system.account(alice.address);
    return { number: number.toNumber(), nonce: account.nonce.toNumber(), free: account.data.free.toString(),
      providers: account.providers.toNumber() };
  },
  async paged () {
    const pages = [];
    let startKey;
    for (;;) {
      const page = await api.query.system.account.entriesPaged({ args: [], pageSize: 1, startKey });
      if (page.length === 0) break;
      pages.push(page.map(([key, info]) => [key.args[0].toString(), info.data.free.toString()]));
      startKey = page[page.length - 1][0].toHex();
    }
    const all = await api.query.system.account.entries();
    return { pages, entries: all.length };
  },
  async heads () {
    const numbers = [];
    await new Promise((resolve, reject) => {
      api.rpc.chain.subscribeNewHeads((header) => {
        numbers.push(header.number.toNumber());
        if (numbers.length === 3) resolve();
      }).catch(reject);
    });
    const hash = await api.rpc.chain.getBlockHash(numbers[2]);
    const header = await api.rpc.chain.getHeader(hash);
    return { numbers, rehashed: header.hash.toHex() === hash.toHex() };
  },
  async runtimeApi () {
    const alice = new Keyring({ type: 'sr25519' }).addFromUri('//Alice');
    const nonce = await api.call.accountNonceApi.accountNonce(alice.address);
    const stored = await api.query.system.account(alice.address);
    return { nonce: nonce.toNumber(), stored: stored.nonce.toNumber(), version: (await api.call.core.version()).specName.toString() };
  },
  async remark () {
    const alice = new Keyring({ type: 'sr25519' }).addFromUri('//Alice');
    const before = (await api.query.system.account(alice.address)).nonce.toNumber();
    const out = await signAndWatch(api.tx.system.remark('0x1234'), alice);
    const after = (await api.query.system.account(alice.address)).nonce.toNumber();
    return { ...out, before, after };
  },
  async transfer () {
    const keyring = new Keyring({ type: 'sr25519' });
    const [alice, dave] = [keyring.addFromUri('//Alice'), keyring.addFromUri('//Dave')];
    const before = (await api.query.system.account(dave.address)).data.free.toBigInt();
    const out = await signAndWatch(api.tx.balances.transferKeepAlive(dave.address, 1_000_000_000_000n), alice);
    const after = (await api.query.system.account(dave.address)).data.free.toBigInt();
    return { ...out, received: (after - before).toString() };
  },
};

const timer = setTimeout(() => { console.error(`scenario ${scenario} timed out`); process.exit(3); }, TIMEOUT_MS);
const api = await ApiPromise.create({ provider: new WsProvider(url), throwOnConnect: true, noInitWarn: true })
  .catch((e) => { console.error(e); process.exit(2); });
await api.isReady;
try {
  if (!(scenario in scenarios)) throw new Error(`unknown scenario ${scenario}`);
  const result = await scenarios[scenario]();
  console.log('RESULT ' + JSON.stringify(result));
  clearTimeout(timer);
  await api.disconnect();
  process.exit(0);
} catch (e) {
  console.error(e);
  process.exit(1);
}
