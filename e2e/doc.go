// Package e2e holds Methodic's end-to-end tests: the methodic binary,
// installed as a kernelspec in a temporary Jupyter data directory, driven
// by Jupyter's own clients (jupyter_kernel_test, jupyter_client, nbclient,
// nbconvert, jupyter console, and the classic Notebook in headless
// Chromium).
//
// The clients are Debian's Python packages, run with /usr/bin/python3.
// When one is missing a test skips and says which Debian package to
// install; with METHODIC_REQUIRE_JUPYTER=1 (as in CI) it fails instead.
// Screenshots and other artifacts go to $METHODIC_ARTIFACTS, or to
// .artifacts/ at the top of the repository.
package e2e
