// LineReader: lines one at a time and whole lines in blocks, read alike
// from plain and gzip files.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "common/line_reader.h"
#include "tests/test_util.h"

namespace newsidx {
namespace {

// What a mix of next_lines(want) and next() reads: "B:" and the block for
// each block, "L:" and the line for each line (with "!" when too long, "?"
// when unterminated), each followed by "@" and consumed().
std::vector<std::string> read_all(LineReader& r, std::size_t want) {
  std::vector<std::string> out;
  for (;;) {
    std::string block = "stale bytes of an earlier block";
    if (const std::size_t n = r.next_lines(block, want)) {
      out.push_back("B:" + block.substr(0, n) + "@" + std::to_string(r.consumed()));
      continue;
    }
    std::string_view line;
    bool too_long = false;
    if (!r.next(line, too_long)) return out;
    out.push_back("L:" + std::string(line) + (too_long ? "!" : "") + (r.unterminated() ? "?" : "") + "@" +
                  std::to_string(r.consumed()));
  }
}

class LineReaderTest : public ::testing::Test {
 protected:
  std::string file(const std::string& name, const std::string& text) {
    const std::string path = dir_.file(name);
    test::write_file(path, text);
    return path;
  }
  test::TempDir dir_;
};

TEST_F(LineReaderTest, BlocksHoldWholeLinesAndTheLastLineWithoutNewlineIsReadAlone) {
  LineReader r(file("a.log", "one\ntwo\r\nthree\nfour"), 100);
  EXPECT_EQ(read_all(r, 4), (std::vector<std::string>{"B:one\ntwo\r\nthree\n@15", "L:four?@19"}));
}

TEST_F(LineReaderTest, ABlockStopsBeforeALineOverTheLimitWhichNextCutsAndSkips) {
  const std::string long_line(3000000, 'x');  // past what one read brings
  LineReader r(file("b.log", "a\nb\n" + long_line + "\nc\n"), 100);
  EXPECT_EQ(read_all(r, 1 << 20),
            (std::vector<std::string>{"B:a\nb\n@4", "L:" + long_line.substr(0, 100) + "!@3000005", "B:c\n@3000007"}));
}

TEST_F(LineReaderTest, AnOverLongLineWithItsNewlineInTheSameReadStaysInTheBlock) {
  // The caller that splits a block spots it (the limit bounds what is held
  // beyond the last newline, not a line already read whole).
  const std::string line(150, 'y');
  LineReader r(file("c.log", "a\n" + line + "\nb\n"), 100);
  EXPECT_EQ(read_all(r, 1 << 20), (std::vector<std::string>{"B:a\n" + line + "\nb\n@" + std::to_string(line.size() + 5)}));
}

TEST_F(LineReaderTest, BlocksGrowToWhatIsWantedAcrossReadsAndLinesAreNeverSplit) {
  std::string text, expected;
  for (int i = 0; i < 200000; ++i) text += "line " + std::to_string(i) + "\n";  // 2.5 MB, over two reads
  LineReader r(file("d.log", text), 1 << 20);
  std::string joined, block;  // one block reused, as a caller would
  std::size_t blocks = 0;
  for (std::size_t n; (n = r.next_lines(block, 1000000)) > 0;) {
    ++blocks;
    EXPECT_EQ(block[n - 1], '\n');
    EXPECT_TRUE(n >= 1000000 || joined.size() + n == text.size());
    joined.append(block, 0, n);
    EXPECT_EQ(r.consumed(), joined.size());
  }
  EXPECT_EQ(joined, text);
  EXPECT_EQ(blocks, 3u);
}

TEST_F(LineReaderTest, GzipBlocksAreThePlainFilesAndSkipStartsAtTheOffset) {
  const std::string text = "alpha\nbeta\ngamma\ndelta\n";
  const std::string plain = file("e.log", text);
  ASSERT_EQ(std::system(("gzip -n -k " + plain).c_str()), 0);
  LineReader gz(plain + ".gz", 100);
  EXPECT_EQ(read_all(gz, 8), (std::vector<std::string>{"B:alpha\nbeta\ngamma\ndelta\n@23"}));  // what one read brings
  LineReader skipped(plain, 100);
  skipped.skip(6);
  EXPECT_EQ(read_all(skipped, 1), (std::vector<std::string>{"B:beta\ngamma\ndelta\n@23"}));
}

}  // namespace
}  // namespace newsidx
