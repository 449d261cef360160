// Package e2e holds Methodic's end-to-end tests: the methodic binary,
// installed as a kernelspec in a temporary Jupyter data directory, driven
// by Jupyter's own clients (jupyter_kernel_test, jupyter_client, nbclient,
// nbconvert, jupyter console, and the classic Notebook and JupyterLab in
// headless Chromium).
//
// The clients are Debian's Python packages, run with /usr/bin/python3.
// When one is missing a test skips and says which Debian package to
// install; with METHODIC_REQUIRE_JUPYTER=1 (as in CI) it fails instead.
// Screenshots and other artifacts go to $METHODIC_ARTIFACTS, or to
// .artifacts/ at the top of the repository. Servers listen on 127.0.0.1,
// on a port the system picks or on the first free one of
// $METHODIC_TEST_PORTS ("55400-55499").
//
// # JupyterLab
//
// Debian bookworm packages JupyterLab's server side (python3-jupyter-server,
// python3-jupyterlab-server) but not its front end. TestJupyterLab builds
// the front end of JupyterLab 3.6.8 from the npm registry, as JupyterLab's
// own examples/app does: jupyterlab/ holds package.json (every
// @jupyterlab package pinned to 3.6.8, and yjs to 13.5.42, the version
// 3.6.8 was released with: a newer one floods the console), the
// package-lock.json that npm ci installs, index.js (the application and
// its extensions), webpack.config.js, serve.py (jupyterlab_server's
// LabServerApp serving the build, with Debian's MathJax), the page
// template, and the settings overrides (no rename dialog on the first
// save of an Untitled notebook, no prompt about news). The keys of the
// overrides must match the extensions' settings schemas exactly, or they
// are ignored.
//
// The build (npm ci, then webpack) runs when the cache has none for the
// current sources, keyed by a hash of package.json, package-lock.json,
// index.js, webpack.config.js and Node's major version. The cache is
// $METHODIC_LAB_CACHE, or methodic/jupyterlab under the user's cache
// directory (~/.cache/methodic/jupyterlab): outside the repository, so a
// clean clone on the same machine, as CI's is, reuses it. Only the built
// files are kept (about 20 MB); npm keeps the downloaded packages in its
// own cache (~/.npm), so a rebuild after a change downloads nothing.
//
// The test opens JupyterLab with ?reset, so that no saved workspace is
// restored, and drives it with the mouse and keyboard through chromedp
// (JupyterLab's own test tool, Playwright, wants a newer Node than
// Debian's in its recent versions, and the other browser tests are
// chromedp already). It waits on the page's state, read through the
// application object that index.js exposes, never on time.
package e2e
