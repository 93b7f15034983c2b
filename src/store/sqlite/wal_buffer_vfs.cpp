#include "store/sqlite/wal_buffer_vfs.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <new>
#include <string>

namespace anxiao::store::sqlite {
namespace {

constexpr sqlite3_int64 kWalHeaderSize = 32;    // WAL header; frames follow it
constexpr sqlite3_int64 kFrameHeaderSize = 24;  // before each page
constexpr std::size_t kMaxBuffered = 8u << 20;  // written out beyond this, commit or not
constexpr std::size_t kRealOffset = 64;         // where the default VFS's file object starts

sqlite3_vfs* g_real = nullptr;
sqlite3_vfs g_vfs;

// The head of both wrapped file objects: SQLite's part, then the default VFS's file object.
struct Wrapped {
  sqlite3_file base;
  sqlite3_file* real;
};

struct DbFile;

struct WalFile : Wrapped {
  DbFile* db;        // the database file whose WAL this is (its barrier flushes this file)
  std::string* buf;  // bytes not yet written, from buf_off on
  sqlite3_int64 buf_off;
  sqlite3_int64 commit_end;  // where a buffered commit frame ends, or -1
  std::uint32_t page_size;   // from the WAL header; 0 while unknown
  bool blind;                // a frame header was not seen whole: every write goes out at once
};
static_assert(sizeof(WalFile) <= kRealOffset);

// A database file, passed through to the default VFS except for the shared-memory barrier.
struct DbFile : Wrapped {
  WalFile* wal;  // open WAL file of this database file, if any
};
static_assert(sizeof(DbFile) <= kRealOffset);

WalFile* W(sqlite3_file* f) { return reinterpret_cast<WalFile*>(f); }
DbFile* D(sqlite3_file* f) { return reinterpret_cast<DbFile*>(f); }
sqlite3_file* R(sqlite3_file* f) { return reinterpret_cast<Wrapped*>(f)->real; }

std::uint32_t Be32(const unsigned char* b) {
  return (std::uint32_t{b[0]} << 24) | (std::uint32_t{b[1]} << 16) | (std::uint32_t{b[2]} << 8) | b[3];
}

// In pieces of 64 KiB: the default VFS writes at most 128 KiB − 1 bytes per call (its
// seekAndWriteFd masks the length with 0x1ffff) and reports a longer write as a full disk.
int Flush(WalFile* p) {
  constexpr std::size_t kPiece = 64 * 1024;
  std::size_t at = 0;
  while (at < p->buf->size()) {
    const std::size_t n = std::min(kPiece, p->buf->size() - at);
    const int rc = p->real->pMethods->xWrite(p->real, p->buf->data() + at, static_cast<int>(n),
                                             p->buf_off + static_cast<sqlite3_int64>(at));
    if (rc != SQLITE_OK) {  // keep what was not written: the next flush (sync, close, …) retries
      p->buf->erase(0, at);
      p->buf_off += static_cast<sqlite3_int64>(at);
      return rc;
    }
    at += n;
  }
  p->buf->clear();
  p->commit_end = -1;
  return SQLITE_OK;
}

// The page size from the WAL header in the file (the header was written by another connection,
// or before this one buffered anything).
void LoadPageSize(WalFile* p) {
  unsigned char h[kWalHeaderSize];
  if (p->real->pMethods->xRead(p->real, h, sizeof h, 0) == SQLITE_OK) p->page_size = Be32(h + 8);
}

// Notes the commit frames whose headers lie in [off, off + amt) (frames start after the WAL header,
// every 24 + page size bytes; a header's bytes 4-7 are non-zero in the frame that commits).
void ScanFrameHeaders(WalFile* p, const unsigned char* data, sqlite3_int64 off, sqlite3_int64 amt) {
  const sqlite3_int64 frame = kFrameHeaderSize + p->page_size;
  const sqlite3_int64 start = std::max(off, kWalHeaderSize);
  const sqlite3_int64 rel = (start - kWalHeaderSize) % frame;
  if (rel > 0 && rel < kFrameHeaderSize) p->blind = true;  // began inside a frame header
  for (sqlite3_int64 h = start + (rel == 0 ? 0 : frame - rel); h < off + amt; h += frame) {
    if (h + 8 > off + amt) {  // the commit field is cut off: cannot tell
      p->blind = true;
      return;
    }
    if (h == off) p->blind = false;  // a header seen whole from its start
    if (Be32(data + (h - off) + 4) != 0) p->commit_end = h + frame;
  }
}

// The default VFS's methods on the wrapped file object, for both kinds of file.
int PassRead(sqlite3_file* f, void* out, int amt, sqlite3_int64 off) {
  return R(f)->pMethods->xRead(R(f), out, amt, off);
}
int PassWrite(sqlite3_file* f, const void* in, int amt, sqlite3_int64 off) {
  return R(f)->pMethods->xWrite(R(f), in, amt, off);
}
int PassTruncate(sqlite3_file* f, sqlite3_int64 size) { return R(f)->pMethods->xTruncate(R(f), size); }
int PassSync(sqlite3_file* f, int flags) { return R(f)->pMethods->xSync(R(f), flags); }
int PassFileSize(sqlite3_file* f, sqlite3_int64* size) { return R(f)->pMethods->xFileSize(R(f), size); }
int PassLock(sqlite3_file* f, int level) { return R(f)->pMethods->xLock(R(f), level); }
int PassUnlock(sqlite3_file* f, int level) { return R(f)->pMethods->xUnlock(R(f), level); }
int PassCheckReservedLock(sqlite3_file* f, int* out) { return R(f)->pMethods->xCheckReservedLock(R(f), out); }
int PassFileControl(sqlite3_file* f, int op, void* arg) { return R(f)->pMethods->xFileControl(R(f), op, arg); }
int PassSectorSize(sqlite3_file* f) { return R(f)->pMethods->xSectorSize(R(f)); }
int PassDeviceCharacteristics(sqlite3_file* f) { return R(f)->pMethods->xDeviceCharacteristics(R(f)); }
int PassShmMap(sqlite3_file* f, int region, int size, int extend, void volatile** out) {
  return R(f)->pMethods->iVersion >= 2 ? R(f)->pMethods->xShmMap(R(f), region, size, extend, out) : SQLITE_IOERR;
}
int PassShmLock(sqlite3_file* f, int offset, int n, int flags) {
  return R(f)->pMethods->iVersion >= 2 ? R(f)->pMethods->xShmLock(R(f), offset, n, flags) : SQLITE_IOERR;
}
void PassShmBarrier(sqlite3_file* f) {
  if (R(f)->pMethods->iVersion >= 2) R(f)->pMethods->xShmBarrier(R(f));
}
int PassShmUnmap(sqlite3_file* f, int del) {
  return R(f)->pMethods->iVersion >= 2 ? R(f)->pMethods->xShmUnmap(R(f), del) : SQLITE_OK;
}
int PassFetch(sqlite3_file* f, sqlite3_int64 off, int amt, void** out) {
  *out = nullptr;
  return R(f)->pMethods->iVersion >= 3 ? R(f)->pMethods->xFetch(R(f), off, amt, out) : SQLITE_OK;
}
int PassUnfetch(sqlite3_file* f, sqlite3_int64 off, void* ptr) {
  return R(f)->pMethods->iVersion >= 3 ? R(f)->pMethods->xUnfetch(R(f), off, ptr) : SQLITE_OK;
}

// The WAL file's methods: the gathered bytes go out first, except for locks and geometry.
int Close(sqlite3_file* f) {
  WalFile* p = W(f);
  if (p->db && p->db->wal == p) p->db->wal = nullptr;
  int rc = Flush(p);
  const int rc2 = p->real->pMethods->xClose(p->real);
  delete p->buf;
  p->buf = nullptr;
  return rc != SQLITE_OK ? rc : rc2;
}

int Write(sqlite3_file* f, const void* in, int amt, sqlite3_int64 off) {
  WalFile* p = W(f);
  const auto* data = static_cast<const unsigned char*>(in);
  if (off == 0 && amt >= kWalHeaderSize) p->page_size = Be32(data + 8);  // a new WAL header
  if (!p->buf->empty() && (off != p->buf_off + static_cast<sqlite3_int64>(p->buf->size()) ||
                           p->buf->size() + static_cast<std::size_t>(amt) > kMaxBuffered)) {
    if (int rc = Flush(p); rc != SQLITE_OK) return rc;
  }
  if (off + amt > kWalHeaderSize) {
    if (p->page_size == 0) {
      if (int rc = Flush(p); rc != SQLITE_OK) return rc;
      LoadPageSize(p);
    }
    if (p->page_size == 0) {
      p->blind = true;
    } else {
      ScanFrameHeaders(p, data, off, amt);
    }
  }
  if (p->buf->empty()) p->buf_off = off;
  p->buf->append(reinterpret_cast<const char*>(data), static_cast<std::size_t>(amt));
  if (p->blind || (p->commit_end >= 0 && p->buf_off + static_cast<sqlite3_int64>(p->buf->size()) >= p->commit_end))
    return Flush(p);
  return SQLITE_OK;
}

// `Pass` after writing out what is gathered.
template <auto Pass, typename... A>
auto FlushThen(sqlite3_file* f, A... a) -> decltype(Pass(f, a...)) {
  if (int rc = Flush(W(f)); rc != SQLITE_OK) return rc;
  return Pass(f, a...);
}

const sqlite3_io_methods kWalMethods = {3,
                                        Close,
                                        FlushThen<PassRead, void*, int, sqlite3_int64>,
                                        Write,
                                        FlushThen<PassTruncate, sqlite3_int64>,
                                        FlushThen<PassSync, int>,
                                        FlushThen<PassFileSize, sqlite3_int64*>,
                                        PassLock,
                                        PassUnlock,
                                        PassCheckReservedLock,
                                        FlushThen<PassFileControl, int, void*>,
                                        PassSectorSize,
                                        PassDeviceCharacteristics,
                                        PassShmMap,
                                        PassShmLock,
                                        PassShmBarrier,
                                        PassShmUnmap,
                                        FlushThen<PassFetch, sqlite3_int64, int, void**>,
                                        PassUnfetch};

// The database file's methods: the default VFS's, except that the shared-memory barrier first
// writes out its WAL's gathered bytes. SQLite publishes a commit in the WAL index around that
// barrier (walIndexWriteHdr), so even a commit whose last writes were not the commit frame (frame
// headers rewritten with new checksums after a page was written twice in one transaction) is in
// the file before any other connection can see it, and before WalSyncer's fdatasync.
int DbClose(sqlite3_file* f) {
  DbFile* p = D(f);
  if (p->wal) {
    (void)Flush(p->wal);
    p->wal->db = nullptr;
  }
  return R(f)->pMethods->xClose(R(f));
}
void DbShmBarrier(sqlite3_file* f) {
  if (D(f)->wal) (void)Flush(D(f)->wal);  // on failure the bytes stay, and the next sync reports it
  PassShmBarrier(f);
}

const sqlite3_io_methods kDbMethods = {3,
                                       DbClose,
                                       PassRead,
                                       PassWrite,
                                       PassTruncate,
                                       PassSync,
                                       PassFileSize,
                                       PassLock,
                                       PassUnlock,
                                       PassCheckReservedLock,
                                       PassFileControl,
                                       PassSectorSize,
                                       PassDeviceCharacteristics,
                                       PassShmMap,
                                       PassShmLock,
                                       DbShmBarrier,
                                       PassShmUnmap,
                                       PassFetch,
                                       PassUnfetch};

int Open(sqlite3_vfs*, const char* name, sqlite3_file* f, int flags, int* out_flags) {
  sqlite3_file* real = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(f) + kRealOffset);
  f->pMethods = nullptr;
  if (flags & SQLITE_OPEN_MAIN_DB) {
    DbFile* d = D(f);
    d->real = real;
    d->wal = nullptr;
    const int rc = g_real->xOpen(g_real, name, real, flags, out_flags);
    if (rc != SQLITE_OK) return rc;
    d->base.pMethods = &kDbMethods;
    return SQLITE_OK;
  }
  if (!(flags & SQLITE_OPEN_WAL)) return g_real->xOpen(g_real, name, f, flags, out_flags);
  WalFile* p = W(f);
  p->real = real;
  p->db = nullptr;
  const int rc = g_real->xOpen(g_real, name, p->real, flags, out_flags);
  if (rc != SQLITE_OK) return rc;
  p->buf = new (std::nothrow) std::string();
  if (!p->buf) {
    p->real->pMethods->xClose(p->real);
    return SQLITE_NOMEM;
  }
  p->buf_off = 0;
  p->commit_end = -1;
  p->page_size = 0;
  p->blind = false;
  p->base.pMethods = &kWalMethods;
  // Link to the database file (opened through this VFS first), whose barrier flushes this file.
  sqlite3_file* db = name ? sqlite3_database_file_object(name) : nullptr;
  if (db && db->pMethods == &kDbMethods) {
    p->db = D(db);
    p->db->wal = p;
  }
  return SQLITE_OK;
}

int Delete(sqlite3_vfs*, const char* name, int sync_dir) { return g_real->xDelete(g_real, name, sync_dir); }
int Access(sqlite3_vfs*, const char* name, int flags, int* out) { return g_real->xAccess(g_real, name, flags, out); }
int FullPathname(sqlite3_vfs*, const char* name, int n, char* out) {
  return g_real->xFullPathname(g_real, name, n, out);
}
void* DlOpen(sqlite3_vfs*, const char* name) { return g_real->xDlOpen(g_real, name); }
void DlError(sqlite3_vfs*, int n, char* out) { g_real->xDlError(g_real, n, out); }
void (*DlSym(sqlite3_vfs*, void* h, const char* sym))(void) { return g_real->xDlSym(g_real, h, sym); }
void DlClose(sqlite3_vfs*, void* h) { g_real->xDlClose(g_real, h); }
int Randomness(sqlite3_vfs*, int n, char* out) { return g_real->xRandomness(g_real, n, out); }
int Sleep(sqlite3_vfs*, int us) { return g_real->xSleep(g_real, us); }
int CurrentTime(sqlite3_vfs*, double* out) { return g_real->xCurrentTime(g_real, out); }
int GetLastError(sqlite3_vfs*, int n, char* out) { return g_real->xGetLastError(g_real, n, out); }
int CurrentTimeInt64(sqlite3_vfs*, sqlite3_int64* out) { return g_real->xCurrentTimeInt64(g_real, out); }

}  // namespace

const char* WalBufferVfs() {
  static std::once_flag once;
  std::call_once(once, [] {
    g_real = sqlite3_vfs_find(nullptr);
    g_vfs = sqlite3_vfs{};
    g_vfs.iVersion = 2;
    g_vfs.szOsFile = static_cast<int>(kRealOffset) + g_real->szOsFile;
    g_vfs.mxPathname = g_real->mxPathname;
    g_vfs.zName = "anxiao-walbuf";
    g_vfs.xOpen = Open;
    g_vfs.xDelete = Delete;
    g_vfs.xAccess = Access;
    g_vfs.xFullPathname = FullPathname;
    g_vfs.xDlOpen = DlOpen;
    g_vfs.xDlError = DlError;
    g_vfs.xDlSym = DlSym;
    g_vfs.xDlClose = DlClose;
    g_vfs.xRandomness = Randomness;
    g_vfs.xSleep = Sleep;
    g_vfs.xCurrentTime = CurrentTime;
    g_vfs.xGetLastError = GetLastError;
    g_vfs.xCurrentTimeInt64 = CurrentTimeInt64;
    sqlite3_vfs_register(&g_vfs, 0);
  });
  return g_vfs.zName;
}

}  // namespace anxiao::store::sqlite
