#include "tests/test_util.h"

#include "newsidx/indexer.h"

#include <sys/wait.h>
#include <unistd.h>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace fs = std::filesystem;

namespace newsidx::test {

TempDir::TempDir() {
  std::string pattern = (fs::temp_directory_path() / "newsidx-test-XXXXXX").string();
  if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

void write_file(const std::string& path, const std::string& contents) {
  std::ofstream out(path, std::ios::binary);
  out << contents;
  if (!out) throw std::runtime_error("cannot write " + path);
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

CommandResult run(const std::vector<std::string>& argv, const std::string& stdin_text) {
  TempDir io;
  const std::string in = io.file("in"), out = io.file("out"), err = io.file("err");
  write_file(in, stdin_text);
  const pid_t pid = fork();
  if (pid == 0) {
    if (!freopen(in.c_str(), "rb", stdin) || !freopen(out.c_str(), "wb", stdout) || !freopen(err.c_str(), "wb", stderr))
      _exit(127);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  CommandResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = read_file(out);
  r.err = read_file(err);
  return r;
}

std::string sample_articles() { return std::string(NEWSIDX_SOURCE_DIR) + "/data/articles.jsonl"; }

bool shared_available() { return fs::exists(NEWSIDX_SHARED_DIR "/corpora/README.md"); }

std::string shared_path(const std::string& relative) { return std::string(NEWSIDX_SHARED_DIR) + "/" + relative; }

TempDir* OwnIndexTest::dir_ = nullptr;
Searcher* OwnIndexTest::searcher_ = nullptr;

void OwnIndexTest::index_files(const std::vector<std::string>& files) {
  if (!dir_) dir_ = new TempDir;
  Indexer(dir_->path()).add_files(files);
  searcher_ = new Searcher(dir_->path());
}

void OwnIndexTest::index_lines(const std::string& lines) {
  dir_ = new TempDir;
  const std::string file = dir_->file("articles.jsonl");
  write_file(file, lines);
  index_files({file});
}

void OwnIndexTest::TearDownTestSuite() {
  delete searcher_;
  delete dir_;
  searcher_ = nullptr;
  dir_ = nullptr;
}

std::set<std::string> OwnIndexTest::found(const std::string& query, std::optional<std::string> lang) {
  SearchRequest req;
  req.query = query;
  req.lang = std::move(lang);
  std::set<std::string> ids;
  for (const auto& hit : searcher_->search(req).results) ids.insert(hit.id);
  return ids;
}

std::string article_line(const std::string& id, const std::string& extra) {
  std::string line = R"({"id": ")" + id + R"(", "lang": "en", "title": "Title of )" + id +
                     R"(", "body": "Body text of )" + id + R"(.", "published": "2024-01-02T03:04:05Z")";
  if (!extra.empty()) {
    // Later members win in our JSON reader, so overrides can simply follow.
    line += ", " + extra;
  }
  return line + "}";
}

void SampleIndexTest::SetUpTestSuite() { index_files({sample_articles()}); }

SearchResult SampleIndexTest::find(SearchRequest request) {
  if (request.limit == SearchRequest{}.limit) request.limit = 100;
  return searcher_->search(request);
}

SearchResult SampleIndexTest::find(const std::string& query, std::optional<std::string> lang) {
  SearchRequest request;
  request.query = query;
  request.lang = std::move(lang);
  return find(request);
}

std::vector<std::string> SampleIndexTest::ids(const SearchResult& result) {
  std::vector<std::string> v;
  for (const auto& h : result.results) v.push_back(h.id);
  return v;
}

std::set<std::string> SampleIndexTest::id_set(const SearchResult& result) {
  const auto v = ids(result);
  return {v.begin(), v.end()};
}

}  // namespace newsidx::test
