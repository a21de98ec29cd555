// Searches an index through the installed library: consumer DB QUERY.
#include <cstdio>

#include <newsidx/errors.h>
#include <newsidx/searcher.h>

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: consumer DB QUERY\n");
    return 2;
  }
  try {
    newsidx::Searcher searcher(argv[1]);
    newsidx::SearchRequest request;
    request.query = argv[2];
    const newsidx::SearchResult result = searcher.search(request);
    for (const auto& hit : result.results) std::printf("%s\n", hit.id.c_str());
    std::printf("total %zu\n", result.total);
  } catch (const newsidx::Error& e) {
    std::fprintf(stderr, "consumer: %s\n", e.what());
    return 1;
  }
}
