// Helpers shared by the tests: temporary directories, running the CLIs,
// writing fixture files.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "newsidx/searcher.h"

namespace newsidx::test {

// A fresh directory, removed with everything in it when the object dies.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs argv (no shell), with `stdin_text` on standard input.
CommandResult run(const std::vector<std::string>& argv, const std::string& stdin_text = "");

void write_file(const std::string& path, const std::string& contents);
std::string read_file(const std::string& path);

// The bundled sample corpus.
std::string sample_articles();

// ../shared beside the repository, when present.
bool shared_available();
std::string shared_path(const std::string& relative);

// One valid article line with the given id (and optional field overrides as
// raw JSON members, e.g. R"("lang": "ru")").
std::string article_line(const std::string& id, const std::string& extra = "");

// A test suite over articles of its own, indexed once for the suite from
// files or lines of the article format, with one Searcher.
class OwnIndexTest : public ::testing::Test {
 protected:
  static void index_files(const std::vector<std::string>& files);  // into dir_, made if need be
  static void index_lines(const std::string& lines);
  static void TearDownTestSuite();
  // The ids a search finds (a first page of 10), with `lang` if given.
  static std::set<std::string> found(const std::string& query, std::optional<std::string> lang = std::nullopt);
  static TempDir* dir_;
  static Searcher* searcher_;
};

// A test suite over the sample corpus, indexed once for the suite, with one
// Searcher and helpers that list result ids.
class SampleIndexTest : public OwnIndexTest {
 protected:
  static void SetUpTestSuite();
  static const std::string& db_path() { return dir_->path(); }
  static Searcher& searcher() { return *searcher_; }

  // Searches with a page of 100 unless the request asks for another size.
  static SearchResult find(SearchRequest request);
  static SearchResult find(const std::string& query, std::optional<std::string> lang = std::nullopt);
  static std::vector<std::string> ids(const SearchResult& result);
  static std::set<std::string> id_set(const SearchResult& result);
};

}  // namespace newsidx::test
