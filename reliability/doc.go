// Package reliability holds eventcal's fault, concurrency, multi-instance
// and hostile-input tests. They start their own Postgres cluster (initdb and
// pg_ctl under a temporary directory) and their own redis-server processes on
// free loopback ports, stop and restart them, and run the app in-process
// (handlers.New) or as a subprocess of the built binary. They never touch
// the shared servers that the other packages' tests use.
//
// When the Postgres or Redis binaries are missing the package is skipped
// with a message, unless CI is set, where it fails instead.
package reliability
