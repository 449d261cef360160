// Package conninfo reads what Methodic needs to know from the storage
// URLs of a study (postgres://user:pw@host/db): whether they carry a
// password, which belongs in PGPASSWORD, ~/.pgpass or a service file
// rather than in a command line or a notebook.
package conninfo
