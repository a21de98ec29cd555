// Reads a file line by line: plain or gzip-compressed (detected by content),
// or standard input for "-".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <zlib.h>

namespace newsidx {

class LineReader {
 public:
  // Throws IoError naming the file when it cannot be opened.
  LineReader(const std::string& path, std::size_t max_line_bytes);
  ~LineReader();
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  // The next line without its "\n" (and "\r"), valid until the next call.
  // Returns false at the end. A line longer than the limit is returned cut
  // to the limit with `too_long` set, and the rest of it is skipped.
  bool next(std::string_view& line, bool& too_long);

  // Reads whole lines, each with its "\n" (and any "\r" before it), into
  // `block` from its start until they are at least `want` bytes long, and
  // returns their length: the rest of `block` is room for the next reads,
  // kept so that a block reused is not cleared again. For callers that
  // split the lines themselves (and spot a line over the limit): a few
  // copies a block rather than one a line. Stops early before a line with
  // no "\n" yet within the limit: one over the limit, or the input's last
  // line without "\n"; next() reads that one. line_number() counts only
  // the lines next() returned.
  std::size_t next_lines(std::string& block, std::size_t want);
  // A line found in such a block (without its "\n") as next() returns it:
  // without a "\r" at its end, and cut to `max` with `too_long` set when it
  // is longer.
  static std::string_view as_read(std::string_view line, std::size_t max, bool& too_long);

  std::size_t line_number() const { return line_number_; }
  // Uncompressed bytes consumed: the offset just past the last line returned.
  std::uint64_t consumed() const { return consumed_; }
  // True when the last line returned had no "\n" (a log still being written).
  bool unterminated() const { return unterminated_; }
  // True once the end was reached inside a gzip stream: the file was cut
  // short. The last line returned then was unterminated (or none was cut).
  bool truncated() const { return truncated_; }
  // True when the input is gzip-compressed (decided by its content).
  bool compressed() { return gzdirect(file_) == 0; }
  // Skips the first `bytes` uncompressed bytes; call before the first next().
  void skip(std::uint64_t bytes);
  // Bytes of the file consumed so far and its size (0 when unknown), for progress.
  std::uint64_t file_offset() const;
  std::uint64_t file_size() const { return file_size_; }

 private:
  bool fill();
  // Reads up to `size` bytes into `to`; 0 at the end.
  std::size_t read_into(char* to, std::size_t size);

  std::string path_;
  gzFile file_ = nullptr;
  std::size_t max_line_;
  std::string buffer_;
  std::size_t begin_ = 0;  // unread data is buffer_[begin_, end_)
  std::size_t end_ = 0;
  bool eof_ = false;
  std::size_t line_number_ = 0;
  std::uint64_t file_size_ = 0;
  std::string long_line_;
  std::uint64_t consumed_ = 0;
  bool unterminated_ = false;
  bool truncated_ = false;
};

}  // namespace newsidx
