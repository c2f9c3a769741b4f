// The worker that runs a learner's C program: picoc (a C interpreter, compiled to WebAssembly
// with wasi-libc) over an in-memory WASI. Bundled by scripts/vendor-codecast.sh into
// themes/moocforge/assets/codecast/mf-runner.js. One message = one run in a fresh instance,
// so a program's state never leaks into the next run; the page ends a run that takes too long
// by terminating the worker.
import { ConsoleStdout, File, OpenFile, PreopenDirectory, WASI } from "@bjorn3/browser_wasi_shim";

const MAX_OUTPUT = 256 * 1024; // characters kept of each stream (a runaway loop prints a lot)

function collector() {
  const decoder = new TextDecoder();
  const state = { text: "", truncated: false };
  state.fd = new ConsoleStdout((bytes) => {
    if (state.text.length < MAX_OUTPUT) {
      state.text += decoder.decode(bytes, { stream: true });
    } else {
      state.truncated = true;
    }
  });
  return state;
}

async function run({ module, source, stdin, file }) {
  const encoder = new TextEncoder();
  const stdout = collector();
  const stderr = collector();
  const name = file || "main.c";
  const fds = [
    new OpenFile(new File(encoder.encode(stdin || ""))),
    stdout.fd,
    stderr.fd,
    new PreopenDirectory("/src", new Map([[name, new File(encoder.encode(source))]])),
  ];
  const wasi = new WASI(["picoc", `/src/${name}`], [], fds, { debug: false });
  const instance = await WebAssembly.instantiate(module, {
    wasi_snapshot_preview1: wasi.wasiImport,
  });
  let exit;
  let crash = "";
  try {
    exit = wasi.start(instance);
  } catch (error) {
    exit = 134;
    crash = String(error && error.message ? error.message : error);
  }
  return {
    stdout: stdout.text,
    stderr: stderr.text + (crash ? `\n${crash}\n` : ""),
    exit,
    truncated: stdout.truncated || stderr.truncated,
  };
}

self.onmessage = async (event) => {
  try {
    self.postMessage({ id: event.data.id, ...(await run(event.data)) });
  } catch (error) {
    self.postMessage({ id: event.data.id, stdout: "", stderr: String(error), exit: -1 });
  }
};
