// Package notebooks reads, writes and runs Jupyter notebooks (nbformat 4)
// in process, and holds Methodic's notebooks beside that code.
//
// ReadFile and Decode validate what they read against the structure that
// the nbformat 4 schema describes, and report the first problem with the
// number of the cell it is in; a notebook that does not decode is never
// half loaded. WriteFile writes through a temporary file and a rename, so
// a notebook on disk is either the old one or the new one.
//
// Run executes a notebook's code cells with an interp.Session, the way
// `jupyter nbconvert --execute` and nbclient do with a kernel, and stores
// every output in its cell: streams (consecutive writes to one stream
// merged into one output), display data (an update_display_data replaces
// the output it names), execute results and errors. This is what
// `methodic run` does, with no Jupyter installed.
//
// A run never loses what a notebook held: it refuses a notebook of
// another language before running anything (CheckLanguage), and when it
// stops early, at a failing cell or on cancellation, the cells it did
// not reach keep their outputs, as Jupyter's Run All leaves them. With
// RunOptions.EndProcesses the processes an interrupted cell started end
// with it.
package notebooks
