// Languages beyond the editions: any well-formed BCP 47 tag, Snowball
// stemmers where Xapian has one, the project's own Kyrgyz stemmer, and every
// reader (search, lang: filters, facets, related news, suggestions, stats).
#include <gtest/gtest.h>

#include <set>

#include "analysis/kyrgyz.h"
#include "analysis/language_tag.h"
#include "newsidx/analyzer.h"
#include "newsidx/article.h"
#include "newsidx/errors.h"
#include "newsidx/indexer.h"
#include "newsidx/searcher.h"
#include "tests/test_util.h"

namespace newsidx {
namespace {

TEST(LanguageTag, WellFormedTagsInTheirCanonicalCase) {
  const std::pair<const char*, const char*> cases[] = {
      {"en", "en"},
      {"KK-latn-kz", "kk-Latn-KZ"},
      {"zh-hant-tw", "zh-Hant-TW"},
      {"es-419", "es-419"},
      {"zh-yue-HK", "zh-yue-HK"},  // an extlang
      {"sl-rozaj-biske", "sl-rozaj-biske"},
      {"de-CH-1901", "de-CH-1901"},
      {"en-US-u-ca-Gregory", "en-US-u-ca-gregory"},
      {"en-a-bbb-x-a-ccc", "en-a-bbb-x-a-ccc"},
      {"ky", "ky"},
      {"tlh", "tlh"},
      {"english", "english"},  // 5 to 8 letters are registrable language subtags
  };
  for (const auto& [tag, canonical] : cases) {
    const auto got = canonical_language_tag(tag);
    ASSERT_TRUE(got) << tag;
    EXPECT_EQ(*got, canonical) << tag;
  }
}

TEST(LanguageTag, MalformedTagsAreRefused) {
  for (const char* tag : {"", "e", "en_US", "en-", "-en", "en--US", "abcdefghi", "en-a", "en-x", "en-US-a-b", "1en",
                          "x-private", "i-klingon", "en US", "ру", "en-Latn-Latn-US", "de-CH-19"})
    EXPECT_FALSE(canonical_language_tag(tag)) << tag;
  try {
    canonical_language("en_US");
    FAIL();
  } catch (const InvalidArgument& e) {
    EXPECT_STREQ(e.what(),
                 "\"en_US\" is not a BCP 47 language tag (such as en, kk, kk-Arab, kk-Latn, ru, uz, uz-Cyrl, zh, ky, "
                 "de-CH)");
  }
}

TEST(KyrgyzStemmer, EndingsInEachHarmonyAfterTheLettersThatCallForThem) {
  const std::pair<const char*, const char*> cases[] = {
      {"бишкекте", "бишкек"},           // locative after a voiceless consonant
      {"бишкектеги", "бишкек"},         // -теги
      {"бишкекке", "бишкек"},           // dative -ке
      {"бишкектин", "бишкек"},          // genitive -тин
      {"бишкекти", "бишкек"},           // accusative -ти
      {"бишкектен", "бишкек"},          // ablative -тен
      {"кыргызстандын", "кыргызстан"},  // genitive -дын after н
      {"кыргызстанга", "кыргызстан"},   // dative -га
      {"кыргызстан", "кыргызстан"},     // -тан of -стан is no ablative
      {"ошто", "ош"},                   // -то: the o harmony
      {"үйдөн", "үй"},                  // -дөн: the ө harmony, after й
      {"көлдөр", "көл"},                // plural -дөр after л
      {"үйлөр", "үйлөр"},               // a stem of three letters at least stays
      {"россияны", "россия"},           // accusative -ны after a vowel
      {"россиянын", "россия"},          // genitive -нын after a vowel
      {"шаарлардын", "шаар"},           // plural + genitive
      {"шаарынан", "шаар"},             // possessive -ы + ablative -нан
      {"шаарына", "шаар"},              // possessive -ы + dative -на
      {"балдарыбыз", "бал"},            // 1st person plural possessive, then the plural
      {"министрлиги", "министрлиг"},    // the possessive -и after a consonant
      {"тоосу", "тоо"},                 // the possessive -су after a vowel
      {"менен", "менен"},               // too short to lose anything
      {"талас", "талас"},               // ends like nothing
      {"ата", "ата"},                   // -та after a vowel is no locative
      {"парламентте", "парламент"},     //
  };
  for (const auto& [word, stem] : cases) EXPECT_EQ(kyrgyz_stem(word), stem) << word;
}

std::vector<std::string> terms_of(Analyzer& a, const std::string& text, const std::string& lang) {
  std::vector<std::string> terms;
  for (const Token& t : a.analyze(text, lang)) terms.push_back(t.term);
  return terms;
}

TEST(Analyzer, EachLanguageHasItsStemmerOrIsFoldedOnly) {
  Analyzer a;
  const std::tuple<const char*, const char*, std::vector<std::string>> cases[] = {
      {"de", "Neue Häuser", {"neu", "haus"}},
      {"de-CH", "Häuser", {"haus"}},  // a region keeps the language's stemmer
      {"fr", "les élections nationales", {"le", "élect", "national"}},
      {"tr", "seçimlerde", {"seçim"}},
      {"es", "las elecciones", {"las", "eleccion"}},
      {"ar", "الانتخابات", {"انتخاب"}},
      {"ky", "Бишкектеги шайлоолор", {"бишкек", "шайлоо"}},
      {"tg", "Душанбеи", {"душанбеи"}},         // no stemmer: folded only
      {"ky-Latn", "Bishkekte", {"bishkekte"}},  // the Kyrgyz stemmer is for Cyrillic
      {"de", "Путин", {"путин"}},               // another script as in an English article
      {"de", "Москвы", {"москв"}},              //
  };
  for (const auto& [lang, text, terms] : cases) EXPECT_EQ(terms_of(a, text, lang), terms) << lang << " " << text;
}

TEST(Analyzer, AQueryWithoutALanguageReadsTheLanguagesItIsAskedTo) {
  Analyzer a;
  auto has = [](const std::vector<std::string>& v, const char* s) {
    return std::find(v.begin(), v.end(), s) != v.end();
  };
  EXPECT_FALSE(has(a.analyze_query("Häuser").at(0).terms, "haus"));
  EXPECT_TRUE(has(a.analyze_query("Häuser", std::nullopt, {"de"}).at(0).terms, "haus"));
  EXPECT_TRUE(has(a.analyze_query("Бишкектеги", std::nullopt, {"ky"}).at(0).terms, "бишкек"));
  EXPECT_TRUE(has(a.analyze_query("Душанбеи").at(0).terms, "душанбеи"));  // folded only, as a tg article is
  // With a language, only its reading.
  EXPECT_EQ(a.analyze_query("Häuser", std::string("de"), {"fr"}).at(0).terms, std::vector<std::string>{"haus"});
}

class MoreLanguages : public test::OwnIndexTest {
 protected:
  static void SetUpTestSuite() {
    const std::tuple<const char*, const char*, const char*, const char*> articles[] = {
        {"de-1", "de", "Neue Häuser für Berlin", "Die Stadt baut Häuser am Rand"},
        {"de-2", "DE-ch", "Ein Haus in Zürich", "Das Haus steht am See"},
        {"fr-1", "fr", "Les élections nationales", "Les électeurs votent"},
        {"ky-1", "ky", "Бишкектеги шайлоолор", "Бишкекте шайлоо өттү"},
        {"ky-2", "ky", "Бишкектин мэри шайлоо жөнүндө", "Шайлоо жыйынтыгы"},
        {"tg-1", "tg", "Душанбе шаҳри", "Дар Душанбе"},
        {"ru-1", "ru", "Выборы в Бишкеке", "Выборы прошли"},
    };
    std::string lines;
    for (const auto& [id, lang, title, body] : articles)
      lines += test::article_line(id, std::string(R"("lang": ")") + lang + R"(", "title": ")" + title +
                                          R"(", "body": ")" + body + R"(", "category": "world")") +
               "\n";
    index_lines(lines);
  }
};

TEST_F(MoreLanguages, SearchReadsEachLanguageTheIndexHolds) {
  EXPECT_EQ(found("Häuser"), (std::set<std::string>{"de-1", "de-2"}));  // German stems meet: Haus
  EXPECT_EQ(found("Haus", std::string("de")), (std::set<std::string>{"de-1", "de-2"}));
  EXPECT_EQ(found("élection"), std::set<std::string>{"fr-1"});
  // The Russian article too: Бишкеке and Бишкекте share the stem.
  EXPECT_EQ(found("Бишкекте"), (std::set<std::string>{"ky-1", "ky-2", "ru-1"}));
  EXPECT_EQ(found("шайлоолордо", std::string("ky")), (std::set<std::string>{"ky-1", "ky-2"}));
  EXPECT_EQ(found("Душанбе"), std::set<std::string>{"tg-1"});
}

TEST_F(MoreLanguages, LangFiltersFacetsAndStatsKnowEachCode) {
  EXPECT_EQ(found("lang:de"), (std::set<std::string>{"de-1", "de-2"}));  // de-CH is German
  EXPECT_EQ(found("lang:ky"), (std::set<std::string>{"ky-1", "ky-2"}));
  EXPECT_EQ(found("Бишкек", std::string("ru")), std::set<std::string>{"ru-1"});
  SearchRequest req;
  req.query = "category:world";
  req.facets = true;
  std::map<std::string, std::size_t> langs;
  const SearchResult result = searcher_->search(req);
  for (const FacetValue& v : result.facets.at("lang")) langs[v.value] = v.count;
  EXPECT_EQ(langs,
            (std::map<std::string, std::size_t>{{"de", 1}, {"de-CH", 1}, {"fr", 1}, {"ky", 2}, {"ru", 1}, {"tg", 1}}));
  EXPECT_EQ(index_stats(dir_->path()).by_language, langs);
  EXPECT_EQ(searcher_->status().articles_by_language, langs);
}

TEST_F(MoreLanguages, RelatedNewsAndSuggestionsWorkForThem) {
  const auto related = searcher_->related("ky-1");
  ASSERT_TRUE(related);
  ASSERT_FALSE(related->empty());
  EXPECT_EQ(related->front().id, "ky-2");  // the same language only, by default
  for (const auto& hit : *related) EXPECT_EQ(hit.lang, "ky");
  SuggestRequest s;
  s.prefix = "Бишке";
  s.lang = "ky";
  std::set<std::string> texts;
  for (const Suggestion& got : searcher_->suggest(s).suggestions) {
    EXPECT_EQ(got.lang, "ky") << got.text;
    texts.insert(got.text);
  }
  EXPECT_EQ(texts, (std::set<std::string>{"Бишкектеги", "Бишкектин", "Бишкектеги шайлоолор",
                                          "Бишкектин мэри шайлоо жөнүндө"}));
  s.lang.reset();  // without a language, the index's other languages complete too
  std::set<std::string> any;
  for (const Suggestion& got : searcher_->suggest(s).suggestions) any.insert(got.text);
  EXPECT_TRUE(any.count("Бишкектеги")) << any.size();
}

}  // namespace
}  // namespace newsidx
