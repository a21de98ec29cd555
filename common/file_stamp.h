// Identifies a version of a file that is replaced by renaming (the index's
// stub, Xapian's version file, which every commit writes anew, or
// state.sqlite): checking it takes one stat() where reading the file takes
// several system calls.
#pragma once

#include <cstdint>
#include <string>

#include <sys/stat.h>

namespace newsidx {

struct FileStamp {
  ino_t inode = 0;
  std::int64_t mtime_ns = 0;
  bool operator==(const FileStamp& o) const { return inode == o.inode && mtime_ns == o.mtime_ns; }
  bool operator!=(const FileStamp& o) const { return !(*this == o); }
  bool known() const { return inode != 0; }
};

// The file's stamp; unknown when it does not exist.
inline FileStamp stamp_of(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return {};
  return {st.st_ino, static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec};
}

}  // namespace newsidx
