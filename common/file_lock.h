// An exclusive lock on a file for as long as the object lives (flock: the
// kernel drops it when the process dies, so a killed process never leaves
// it held).
#pragma once

#include <string>

namespace newsidx {

class FileLock {
 public:
  // Takes the lock on `path` (created if need be) without waiting. Throws
  // DatabaseError naming `what` when another process holds it, or naming
  // the file when it cannot be created.
  FileLock(const std::string& path, const std::string& what);
  ~FileLock();
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace newsidx
