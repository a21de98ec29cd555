#include "common/line_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <algorithm>
#include <cerrno>
#include <cstring>

#include "newsidx/errors.h"

namespace newsidx {
namespace {
constexpr std::size_t kChunk = 1 << 20;
}

LineReader::LineReader(const std::string& path, std::size_t max_line_bytes) : path_(path), max_line_(max_line_bytes) {
  int fd = path == "-" ? dup(STDIN_FILENO) : open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw IoError(path + ": cannot open: " + std::strerror(errno));
  struct stat st {};
  if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    close(fd);
    throw IoError(path + ": is a directory");
  }
  if (S_ISREG(st.st_mode)) file_size_ = static_cast<std::uint64_t>(st.st_size);
  file_ = gzdopen(fd, "rb");
  if (!file_) {
    close(fd);
    throw IoError(path + ": cannot open: out of memory");
  }
  gzbuffer(file_, 256 * 1024);
  buffer_.resize(kChunk * 2);
}

LineReader::~LineReader() {
  if (file_) gzclose(file_);
}

std::uint64_t LineReader::file_offset() const {
  const z_off_t off = gzoffset(file_);
  return off < 0 ? 0 : static_cast<std::uint64_t>(off);
}

std::size_t LineReader::read_into(char* to, std::size_t size) {
  if (eof_) return 0;
  int n = gzread(file_, to, static_cast<unsigned>(size));
  int code = Z_OK;
  const char* msg = gzerror(file_, &code);
  if (code == Z_BUF_ERROR) {  // zlib's "unexpected end of file": the stream was cut short
    truncated_ = true;
    n = std::max(n, 0);
  } else if (n < 0) {
    throw IoError(path_ + ": read error: " + (code == Z_ERRNO ? std::strerror(errno) : msg));
  }
  if (n == 0) eof_ = true;
  return static_cast<std::size_t>(n);
}

bool LineReader::fill() {
  if (begin_ > 0) {  // keep the unread tail at the front
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  if (buffer_.size() - end_ < kChunk) buffer_.resize(end_ + kChunk);
  const std::size_t n = read_into(buffer_.data() + end_, kChunk);
  end_ += n;
  return n > 0;
}

void LineReader::skip(std::uint64_t bytes) {
  if (gzseek(file_, static_cast<z_off_t>(bytes), SEEK_SET) < 0) throw IoError(path_ + ": cannot seek");
  consumed_ = bytes;
}

std::size_t LineReader::next_lines(std::string& block, std::size_t want) {
  unterminated_ = false;
  std::size_t filled = end_ - begin_;  // a line begun in an earlier read comes first
  if (block.size() < filled + kChunk) block.resize(filled + kChunk);
  std::memcpy(block.data(), buffer_.data() + begin_, filled);
  begin_ = end_ = 0;
  std::size_t whole = 0;  // block[0, whole): the whole lines read
  for (;;) {
    if (const void* last_newline = memrchr(block.data() + whole, '\n', filled - whole))
      whole = static_cast<const char*>(last_newline) - block.data() + 1;
    if (whole >= want || filled - whole > max_line_) break;
    if (block.size() < filled + kChunk) block.resize(filled + kChunk);  // read straight into the block
    const std::size_t n = read_into(block.data() + filled, kChunk);
    if (n == 0) break;
    filled += n;
  }
  end_ = filled - whole;  // the line not yet whole, for the next read
  if (buffer_.size() < end_) buffer_.resize(end_);
  std::memcpy(buffer_.data(), block.data() + whole, end_);
  consumed_ += whole;
  return whole;
}

bool LineReader::next(std::string_view& line, bool& too_long) {
  too_long = false;
  unterminated_ = false;
  std::size_t scanned = 0;
  for (;;) {
    const char* start = buffer_.data() + begin_;
    const void* nl = std::memchr(start + scanned, '\n', end_ - begin_ - scanned);
    if (nl) {
      const std::size_t len = static_cast<const char*>(nl) - start;
      line = std::string_view(start, len);
      begin_ += len + 1;
      consumed_ += len + 1;
      break;
    }
    scanned = end_ - begin_;
    if (scanned > max_line_) {
      // Keep the first max_line_ bytes for the error message and skip to the
      // end of the line without holding it in memory.
      long_line_.assign(start, max_line_);
      consumed_ += end_ - begin_;
      begin_ = end_;
      while (fill()) {
        const void* eol = std::memchr(buffer_.data(), '\n', end_);
        if (eol) {
          begin_ = static_cast<const char*>(eol) - buffer_.data() + 1;
          consumed_ += begin_;
          break;
        }
        consumed_ += end_;
        begin_ = end_;
      }
      ++line_number_;
      too_long = true;
      line = long_line_;
      return true;
    }
    if (!fill()) {
      if (begin_ == end_) return false;
      line = std::string_view(buffer_.data() + begin_, end_ - begin_);  // last line, no "\n"
      consumed_ += end_ - begin_;
      begin_ = end_;
      unterminated_ = true;
      break;
    }
  }
  ++line_number_;
  line = as_read(line, max_line_, too_long);
  return true;
}

std::string_view LineReader::as_read(std::string_view line, std::size_t max, bool& too_long) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  too_long = line.size() > max;
  return too_long ? line.substr(0, max) : line;
}

}  // namespace newsidx
