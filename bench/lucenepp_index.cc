// Indexes articles with Lucene++ (Debian's liblucene++-dev), as a Lucene++
// user would: one document per article, its id, and its title, lead and body
// as one field through StandardAnalyzer, both stored (newsindex stores the
// article too); one thread; optimize() at the end, as newsindex and
// scriptindex end with a compaction. bench/index_corpus.sh builds and runs it
// (with bench_data.cc), installing the package when it is missing.
//
//   lucenepp_index INDEX_DIR FILE.jsonl[.gz]...
#include <cstdio>
#include <fstream>
#include <stdexcept>
#include <string>

#include <lucene++/LuceneHeaders.h>
#include <nlohmann/json.hpp>

#include "bench/bench_data.h"

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
    for (int i = 2; i < argc; ++i) {
      if (!std::ifstream(argv[i])) throw std::runtime_error(std::string(argv[i]) + ": cannot open");
      for (const std::string& line : newsidx::bench::read_lines(argv[i])) {
        const auto j = nlohmann::json::parse(line);
        const std::string text = j.value("title", "") + "\n" + j.value("lead", "") + "\n" + j.value("body", "");
        DocumentPtr doc = newLucene<Document>();
        doc->add(newLucene<Field>(L"id", StringUtils::toUnicode(j.value("id", "")), Field::STORE_YES,
                                  Field::INDEX_NOT_ANALYZED));
        doc->add(newLucene<Field>(L"text", StringUtils::toUnicode(text), Field::STORE_YES, Field::INDEX_ANALYZED));
        writer->addDocument(doc);
        ++n;
      }
    }
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
