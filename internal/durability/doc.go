// Package durability holds end-to-end tests of Rotonde's promise that an
// acknowledged write is never lost: they build the real binary, run it as a
// child process, kill it with SIGKILL in the middle of a burst of writes and
// check after a restart that every write answered with 201 is still there.
// It also checks that the server's own log carries no secrets or case content.
//
// The package has no code of its own; everything is in its tests.
package durability
