#pragma once
// A SQLite VFS that coalesces the writes of a WAL file (BENCHMARKS.md, "Write path, session 7").
//
// SQLite writes every WAL frame with two pwrite calls (its 24-byte header, then the page), and a
// batch of the group commit writes a few hundred frames: in this VM each system call costs more
// than the copy it makes. Through this VFS, consecutive writes to a WAL file are gathered in
// memory and written with one pwrite per 64 KiB when the frame that commits a transaction is complete (its
// header's "database size after commit" field is non-zero: the WAL format, sqlite.org/fileformat),
// and in any case at the database file's shared-memory barrier, which SQLite passes while it
// publishes a commit in the WAL index: so no other connection can read a frame that is not in the
// file yet, and WalSyncer's fdatasync finds the commit there. Anything else done to the WAL file
// (read, sync, truncate, size, file control, close) writes the gathered bytes first. If a frame
// header is not seen whole, every write goes out at once until the next one is. The database file
// is passed through except for the barrier; other files are the default VFS's own.
//
// Written here because no library offers it; it only wraps the default VFS's methods.

namespace anxiao::store::sqlite {

// The VFS's name for sqlite3_open_v2; registered (once, thread-safe) by the first call.
const char* WalBufferVfs();

}  // namespace anxiao::store::sqlite
