// Package install writes Methodic's kernelspec, so that Jupyter front ends
// (JupyterLab, Notebook, console, nbclient) can start the kernel.
//
// A kernelspec is a directory kernels/methodic/ holding kernel.json (the
// command line Jupyter runs, with {connection_file} in it), the logos
// logo-32x32.png and logo-64x64.png, and kernel.js and kernel.css, which
// the classic Notebook loads for a notebook that uses the kernel: its
// editor indents Go with tabs, as gofmt does, and shows them as blank
// space rather than the arrows it draws for tabs by default. All are
// embedded in the binary.
//
// Where it goes is the question Jupyter's own "jupyter kernelspec install"
// answers, and this package answers it the same way:
//
//   - User: $JUPYTER_DATA_DIR when set, otherwise the per-user data
//     directory (~/.local/share/jupyter on Linux and other Unix,
//     ~/Library/Jupyter on macOS, %APPDATA%\jupyter on Windows). This is
//     the default of `methodic install`, because it needs no privileges.
//   - SysPrefix: <sys.prefix>/share/jupyter of the Python environment
//     that runs `jupyter` (found on PATH), for virtual environments.
//   - Prefix: <DIR>/share/jupyter, for packagers.
//
// Install is idempotent: running it again rewrites the same files.
package install
