// A minimal WASI for the benchmark modules: an empty environment and argument list (what the Java host gives a
// plugin, as far as these modules ask: Rust's add reads the environment's size on every call), ENOSYS (52) for
// the rest.
export function wasiImports(module, memory) {
  const wasi = {};
  let view; // one DataView, made again only when memory.grow has replaced the buffer
  const data = () => (view?.buffer === memory().buffer ? view : (view = new DataView(memory().buffer)));
  for (const imp of WebAssembly.Module.imports(module)) {
    if (imp.module !== 'wasi_snapshot_preview1' || imp.kind !== 'function') continue;
    if (imp.name === 'environ_sizes_get' || imp.name === 'args_sizes_get') {
      wasi[imp.name] = (countPtr, sizePtr) => {
        data().setUint32(countPtr, 0, true);
        data().setUint32(sizePtr, 0, true);
        return 0;
      };
    } else if (imp.name === 'environ_get' || imp.name === 'args_get') {
      wasi[imp.name] = () => 0;
    } else if (imp.name === 'proc_exit') {
      wasi[imp.name] = (code) => { throw new Error(`proc_exit(${code})`); };
    } else {
      wasi[imp.name] = () => 52;
    }
  }
  return { wasi_snapshot_preview1: wasi };
}

/** The calc export of the module `bytes`, instantiated as the Java host does. */
export function loadCalc(bytes) {
  const module = new WebAssembly.Module(bytes);
  let instance;
  instance = new WebAssembly.Instance(module, wasiImports(module, () => instance.exports.memory));
  if (instance.exports._initialize) instance.exports._initialize(); // a WASI reactor, as the Java host does
  return instance.exports.calc;
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
