// Indexes articles with Lucene++ (Debian's liblucene++-dev), as a Lucene++
// user would: one document per article, its id, and its title, lead and body
// as one field through StandardAnalyzer, both stored (newsindex stores the
// article too); one thread; optimize() at the end, as newsindex and
// scriptindex end with a compaction. For
// bench/index_corpus.sh, which builds it when the package is there.
//
//   lucenepp_index INDEX_DIR FILE.jsonl[.gz]...
#include <cstdio>
#include <string>

#include <zlib.h>
#include <lucene++/LuceneHeaders.h>
#include <nlohmann/json.hpp>

namespace {

// Calls f(line) for each line of a plain or gzip-compressed file.
template <class F>
void for_each_line(const char* path, F&& f) {
  gzFile in = gzopen(path, "rb");
  if (!in) throw std::runtime_error(std::string(path) + ": cannot open");
  std::string line;
  char buf[1 << 16];
  while (gzgets(in, buf, sizeof buf)) {
    line += buf;
    if (line.empty() || line.back() != '\n') continue;
    f(line);
    line.clear();
  }
  if (!line.empty()) f(line);
  gzclose(in);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: lucenepp_index INDEX_DIR FILE.jsonl[.gz]...\n");
    return 2;
  }
  using namespace Lucene;
  try {
    IndexWriterPtr writer = newLucene<IndexWriter>(FSDirectory::open(StringUtils::toUnicode(argv[1])),
                                                   newLucene<StandardAnalyzer>(LuceneVersion::LUCENE_CURRENT), true,
                                                   IndexWriter::MaxFieldLengthUNLIMITED);
    std::size_t n = 0;
    for (int i = 2; i < argc; ++i)
      for_each_line(argv[i], [&](const std::string& line) {
        const auto j = nlohmann::json::parse(line);
        const std::string text = j.value("title", "") + "\n" + j.value("lead", "") + "\n" + j.value("body", "");
        DocumentPtr doc = newLucene<Document>();
        doc->add(newLucene<Field>(L"id", StringUtils::toUnicode(j.value("id", "")), Field::STORE_YES,
                                  Field::INDEX_NOT_ANALYZED));
        doc->add(newLucene<Field>(L"text", StringUtils::toUnicode(text), Field::STORE_YES, Field::INDEX_ANALYZED));
        writer->addDocument(doc);
        ++n;
      });
    writer->optimize();
    writer->close();
    std::fprintf(stderr, "lucenepp_index: %zu articles\n", n);
  } catch (const LuceneException& e) {
    std::fprintf(stderr, "lucenepp_index: %ls\n", e.getError().c_str());
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "lucenepp_index: %s\n", e.what());
    return 1;
  }
  return 0;
}
