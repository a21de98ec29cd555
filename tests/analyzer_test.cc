// Table-driven tests of the analyzer: exact terms per language, offsets,
// cross-script Kazakh in every direction, and query readings.
#include <gtest/gtest.h>

#include <algorithm>

#include "newsidx/analyzer.h"
#include "newsidx/article.h"
#include "newsidx/errors.h"

namespace newsidx {
namespace {

struct Case {
  const char* lang;
  const char* text;
  std::vector<std::string> terms;  // the word terms in order (Chinese bigrams left out)
};

// Analyses and checks what holds for every text: offsets stay inside the text
// and never go backwards, and every word has a non-empty term.
std::vector<std::string> word_terms(Analyzer& a, const std::string& text, const std::string& lang) {
  std::vector<std::string> terms;
  std::size_t last_begin = 0;
  for (const Token& t : a.analyze(text, lang)) {
    EXPECT_LE(last_begin, t.begin) << text;
    EXPECT_LT(t.begin, t.end) << text;
    EXPECT_LE(t.end, text.size()) << text;
    EXPECT_FALSE(t.term.empty()) << text;
    last_begin = t.begin;
    if (!t.is_subword) terms.push_back(t.term);
  }
  return terms;
}

TEST(Languages, EachCodeHasItsScript) {
  std::vector<std::string> scripts;
  for (const std::string& code : edition_languages()) scripts.push_back(code + ":" + script_of_language(code));
  for (const char* code : {"ky", "tg", "de", "ar", "ky-Latn", "zh-Hant-TW", "hy", "sr-Latn"})
    scripts.push_back(code + std::string(":") + script_of_language(code));
  EXPECT_EQ(scripts,
            (std::vector<std::string>{"en:Latn", "kk:Cyrl", "kk-Arab:Arab", "kk-Latn:Latn", "ru:Cyrl", "uz:Latn",
                                      "uz-Cyrl:Cyrl", "zh:Hani", "ky:Cyrl", "tg:Cyrl", "de:Latn", "ar:Arab",
                                      "ky-Latn:Latn", "zh-Hant-TW:Hani", "hy:Armn", "sr-Latn:Latn"}));
}

TEST(Analyzer, TermsPerLanguage) {
  const Case cases[] = {
      {"en", "Kazakhstan's Central Referendum Commission", {"kazakhstan", "central", "referendum", "commiss"}},
      {"en", "ＡＢＣ ﬁnance", {"abc", "financ"}},  // NFKC: full-width letters, the fi ligature
      {"ru", "Ёлка президента Казахстана прошёл", {"елк", "президент", "казахста", "прошел"}},
      {"kk", "Қырғызстанда Қырғызстанның Президенті", {"қырғызстан", "қырғызстан", "президент"}},
      {"kk", "Алматыда Астананың еліне Астана", {"алмат", "астана", "ел", "астана"}},
      {"kk", "инфляция", {"инфлиатсииа"}},
      {"kk-Latn", "Qyrǵyzstanǵa prezıdenti", {"қырғызстан", "президент"}},
      {"kk-Latn", "Qazaqstannyñ Ūlttyq bankı İnfliatsiia", {"қазақстан", "ұлттық", "банк", "инфлиатсииа"}},
      {"kk-Arab", "قازاقستاندا ٴبىلىم", {"қазақстан", "білім"}},
      {"zh", "中国队获胜", {"中国", "队", "获胜"}},
      {"zh", "哈萨克斯坦举行宪法公投", {"哈萨克", "斯坦", "举行", "宪法", "公投"}},
      {"uz", "Oʻzbekiston o'zbekiston O‘zbekiston", {"ozbekiston", "ozbekiston", "ozbekiston"}},
      {"uz-Cyrl", "Ўзбекистон ер", {"ozbekiston", "er"}},
      {"uz", "yer 2024", {"er", "2024"}},
      {"ru", "Apple и Google", {"appl", "и", "googl"}},  // Latin words in Russian text read as English
  };
  Analyzer a;
  for (const Case& c : cases) EXPECT_EQ(word_terms(a, c.text, c.lang), c.terms) << c.lang << ": " << c.text;
}

TEST(Analyzer, OffsetsPointAtTheWords) {
  Analyzer a;
  const std::string text = "  Астана, «Qazaqstan» — 中国队!";
  std::vector<std::string> words;
  for (const Token& t : a.analyze(text, "kk"))
    if (!t.is_subword) words.push_back(text.substr(t.begin, t.end - t.begin));
  EXPECT_EQ(words, (std::vector<std::string>{"Астана", "Qazaqstan", "中国", "队"}));
}

TEST(Analyzer, ChineseLongWordsAlsoIndexTheirBigrams) {
  Analyzer a;
  std::vector<std::string> bigrams;
  for (const Token& t : a.analyze("哈萨克斯坦", "zh"))
    if (t.is_subword) bigrams.push_back(t.term);
  EXPECT_EQ(bigrams, (std::vector<std::string>{"哈萨", "萨克"}));
}

TEST(Analyzer, KazakhSkeletonOnlyForKazakh) {
  Analyzer a;
  const auto kk = a.analyze("Тоқаев", "kk");
  ASSERT_EQ(kk.size(), 1u);
  EXPECT_EQ(kk[0].skeleton, "токаев");
  const auto ru = a.analyze("Токаев", "ru");
  ASSERT_EQ(ru.size(), 1u);
  EXPECT_EQ(ru[0].skeleton, "");
}

TEST(Analyzer, ACodeThatIsNotALanguageTagIsAnError) {
  Analyzer a;
  try {
    a.analyze("text", "fr_FR");
    FAIL() << "no exception";
  } catch (const InvalidArgument& e) {
    EXPECT_STREQ(e.what(),
                 "\"fr_FR\" is not a BCP 47 language tag (such as en, kk, kk-Arab, kk-Latn, ru, uz, uz-Cyrl, zh, "
                 "ky, de-CH)");
  }
}

// The same Kazakh words in each of the four scripts.
struct KazakhWord {
  const char* cyrillic;
  const char* qz;
  const char* latin2021;
  const char* arabic;
};

const KazakhWord kKazakhWords[] = {
    {"Қазақстанның", "Qazaqstannyń", "Qazaqstannyñ", "قازاقستاننىڭ"},
    {"білім", "bilim", "bılım", "ٴبىلىم"},
    {"өзгерістерді", "ózgeristerdi", "özgerısterdı", "ٴوزگەرىستەردى"},
    {"сайлаушылардың", "saılaýshylardyń", "sailauşylardyñ", "سايلاۋشىلاردىڭ"},
    {"жариялады", "jarııalady", "jariialady", "جارييالادى"},
};

TEST(Analyzer, KazakhScriptsMeetInEveryDirection) {
  Analyzer a;
  for (const KazakhWord& w : kKazakhWords) {
    const std::pair<const char*, const char*> forms[] = {
        {"kk", w.cyrillic}, {"kk-Latn", w.qz}, {"kk-Latn", w.latin2021}, {"kk-Arab", w.arabic}};
    // An article's other words tell which Latin alphabet it uses (ı is и in
    // one and і in the other), so each word is indexed in such company.
    const std::string company[] = {" өтті", " ótti", " öttı", " ٴوتتى"};
    const std::string expected = word_terms(a, w.cyrillic, "kk").at(0);
    for (std::size_t i = 0; i < 4; ++i) {
      const auto& [indexed_lang, indexed] = forms[i];
      // Indexing any script gives the one canonical term...
      EXPECT_EQ(word_terms(a, indexed + company[i], indexed_lang).at(0), expected) << indexed;
      // ...and a query typed in any script, with no language, reads it.
      for (const auto& [_, typed] : forms) {
        const auto words = a.analyze_query(typed);
        ASSERT_EQ(words.size(), 1u) << typed;
        const auto& terms = words[0].terms;
        EXPECT_NE(std::find(terms.begin(), terms.end(), expected), terms.end()) << typed << " should find " << indexed;
      }
    }
  }
}

TEST(Analyzer, CyrillicQueryWordIsReadAsRussianAndKazakh) {
  Analyzer a;
  const auto words = a.analyze_query("президента");
  ASSERT_EQ(words.size(), 1u);
  // Russian stem, Kazakh stem (-та read as the locative), Uzbek Latin, and
  // the word folded only (a language without a stemmer).
  EXPECT_EQ(words[0].terms, (std::vector<std::string>{"президент", "президен", "prezidenta", "президента"}));
}

TEST(Analyzer, KazakhOnlyLettersMakeAWordKazakh) {
  Analyzer a;
  const auto words = a.analyze_query("Қазақстанның");  // ң is Kazakh only; қ is Uzbek too
  ASSERT_EQ(words.size(), 1u);
  EXPECT_EQ(words[0].terms, (std::vector<std::string>{"қазақстан", "қазақстанның"}));
}

TEST(Analyzer, InformalAsciiReachesKazakhThroughTheSkeleton) {
  Analyzer a;
  auto loose_of = [&](const char* q) { return a.analyze_query(q).at(0).loose; };
  auto has = [](const std::vector<std::string>& v, const char* s) {
    return std::find(v.begin(), v.end(), s) != v.end();
  };
  // "Tokayev" is English-style typing of Тоқаев, whose skeleton is "токаев".
  EXPECT_TRUE(has(loose_of("Tokayev"), "токаев"));
  EXPECT_TRUE(has(loose_of("Qazaqstan"), "казакстан"));
  EXPECT_TRUE(has(a.analyze_query("prezident").at(0).terms, "президент"));
  EXPECT_TRUE(has(a.analyze_query("Qazaqstan").at(0).terms, "қазақстан"));
}

TEST(Analyzer, QueryLanguageRestrictsTheReadings) {
  Analyzer a;
  EXPECT_EQ(a.analyze_query("президента", std::string("ru")).at(0).terms, std::vector<std::string>{"президент"});
  EXPECT_EQ(a.analyze_query("referendum", std::string("en")).at(0).terms, std::vector<std::string>{"referendum"});
  EXPECT_EQ(a.analyze_query("bilim", std::string("kk")).at(0).terms,
            (std::vector<std::string>{"білім", "билим", "bilim"}));
}

TEST(Analyzer, ChineseQueryWordCarriesBigrams) {
  Analyzer a;
  const auto words = a.analyze_query("哈萨克斯坦");
  ASSERT_EQ(words.size(), 2u);
  EXPECT_EQ(words[0].terms, std::vector<std::string>{"哈萨克"});
  EXPECT_EQ(words[0].bigrams, (std::vector<std::string>{"哈萨", "萨克"}));
  EXPECT_EQ(words[1].terms, std::vector<std::string>{"斯坦"});
}

TEST(Analyzer, EmptyAndPunctuationOnlyTextHasNoTokens) {
  Analyzer a;
  EXPECT_TRUE(a.analyze("", "en").empty());
  EXPECT_TRUE(a.analyze(" — «» ... !", "ru").empty());
  EXPECT_TRUE(a.analyze_query("  ,.;  ").empty());
}

}  // namespace
}  // namespace newsidx
