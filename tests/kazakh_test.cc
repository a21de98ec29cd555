// The Kazakh transliterations and stemmer, on tables and on real word forms.
#include <gtest/gtest.h>

#include <zlib.h>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "analysis/kazakh.h"
#include "newsidx/analyzer.h"
#include "newsidx/errors.h"
#include "tests/test_util.h"

namespace newsidx {
namespace {

TEST(KazakhCanonical, EveryAlphabetFoldsToOneCyrillicForm) {
  struct Case {
    const char* alphabet;
    const char* word;
    const char* canonical;
  };
  const Case cases[] = {
      {"cyrl", "Қазақстан", "қазақстан"},
      {"cyrl", "Ресей", "ресеи"},                  // й -> и, as the Latin alphabets write it
      {"cyrl", "делегациялар", "делегатсииалар"},  // ц -> тс, я -> иа
      {"cyrl", "Ёлка", "иолка"},
      {"cyrl", "Һ", "х"},
      {"qz", "Qazaqstan", "қазақстан"},
      {"qz", "delegatsııalar", "делегатсииалар"},
      {"qz", "Reseı", "ресеи"},
      {"qz", "áýejaı", "әуежаи"},
      {"qz", "Shymkent", "шымкент"},
      {"qz", "ǴYLYM", "ғылым"},
      {"2021", "Qazaqstan", "қазақстан"},
      {"2021", "İnfliatsiia", "инфлиатсииа"},
      {"2021", "Işkı", "ішкі"},  // capital I is і in 2021, not и
      {"2021", "Şymkent", "шымкент"},
      {"2021", "qūru", "құру"},
      {"2021", "Çelek", "челек"},
      {"arab", "قازاقستان", "қазақстан"},
      {"arab", "ٴبىلىم", "білім"},  // the hamza marks a front-vowel word
      {"arab", "كەلدى", "келді"},   // ك and ە make it front without the hamza
      {"arab", "ٵلەم", "әлем"},     // a precomposed hamza letter
      {"informal", "Tokayev", "токаев"},
      {"informal", "Nazarbayev", "назарбаев"},
      {"informal", "Zhanaozen", "жанаозен"},
  };
  for (const Case& c : cases) EXPECT_EQ(kazakh_to_canonical(c.word, c.alphabet), c.canonical) << c.word;
}

// Both directions, one word per row: Cyrillic, its 2021 Latin form, and the
// Cyrillic that form reads back as (the letters the alphabet merges differ).
TEST(KazakhInScript, CyrillicAndLatinBothWays) {
  struct Case {
    const char* cyrillic;
    const char* latin;
    const char* back;
  };
  const Case cases[] = {
      {"Қазақстан", "Qazaqstan", "Қазақстан"},
      {"Әділет", "Ädılet", "Әділет"},
      {"ғылым", "ğylym", "ғылым"},
      {"Өскемен", "Öskemen", "Өскемен"},
      {"Ұлытау", "Ūlytau", "Ұлытау"},
      {"үкімет", "ükımet", "үкімет"},
      {"Шымкент", "Şymkent", "Шымкент"},
      {"Шығыс Қазақстан облысы", "Şyğys Qazaqstan oblysy", "Шығыс Қазақстан облысы"},
      {"Қайрат", "Qairat", "Қайрат"},  // i after a vowel: й
      {"Айдос", "Aidos", "Айдос"},
      {"Ильяс", "İlias", "Иляс"},       // ь is dropped
      {"Азия", "Aziia", "Азия"},        // ия after a consonant
      {"Яссауи", "İassaui", "Яссауй"},  // и after a vowel at the end reads as й
      {"Ясауи", "İasaui", "Ясауй"},
      {"Нұр-Сұлтан", "Nūr-Sūltan", "Нұр-Сұлтан"},
      {"Тоқаев", "Toqaev", "Тоқаев"},
      {"Ақорда", "Aqorda", "Ақорда"},
      {"мұнай", "mūnai", "мұнай"},
      {"Ыбырай", "Ybyrai", "Ыбырай"},
      {"цирк", "sirk", "сирк"},  // ц is s, read back as с
      {"Щучинск", "Şşuçinsk", "Шшучинск"},
      {"һәм", "häm", "хәм"},                 // һ is h, read back as х
      {"қыркүйек", "qyrküiek", "қыркүиек"},  // i before a vowel reads as и
      {"ию", "iiu", "ию"},
      {"Ербол 2024 жылы", "Erbol 2024 jyly", "Ербол 2024 жылы"},  // digits pass through
  };
  for (const Case& c : cases) {
    EXPECT_EQ(kazakh_in_script(c.cyrillic, "Latn"), c.latin) << c.cyrillic;
    EXPECT_EQ(kazakh_in_script(c.latin, "Cyrl"), c.back) << c.latin;
  }
}

// Cyrillic to the Arabic script and the Cyrillic it reads back as. The
// script marks a word front or back as a whole, so words that mix both
// (compounds, names, loans) come back with front vowels only; it has no
// capitals, so only a sentence's first letter comes back capital.
TEST(KazakhInScript, CyrillicAndArabicBothWays) {
  struct Case {
    const char* cyrillic;
    const char* arabic;
    const char* back;
  };
  const Case cases[] = {
      {"Қазақстан", "قازاقستان", "Қазақстан"},
      {"Білім", "ٴبىلىم", "Білім"},  // front, with no letter showing it: the hamza
      {"сөз", "ٴسوز", "Сөз"},
      {"һәм", "ٴھام", "Һәм"},
      {"Үкімет", "ۇكىمەت", "Үкімет"},  // к and е show it is front: no hamza
      {"Әлем", "الەم", "Әлем"},
      {"Өзбек", "وزبەك", "Өзбек"},
      {"Іле", "ىلە", "Іле"},
      {"бүгін", "بۇگىن", "Бүгін"},
      {"Ақорда", "اقوردا", "Ақорда"},
      {"Ұлытау", "ۇلىتاۋ", "Ұлытау"},
      {"мұнай", "مۇناي", "Мұнай"},  // ي after a vowel at the end: й
      {"Қайрат", "قايرات", "Қайрат"},
      {"Ясауи", "ياساۋي", "Ясауи"},
      {"Азия", "ازيا", "Азия"},  // ия is يا, read back as ия at a word's end
      {"қиял", "قيال", "Қиал"},  // and as иа inside one
      {"Ильяс", "يلياس", "Илиас"},
      {"Шымкент", "شىمكەنت", "Шімкент"},  // a compound of back шым and front кент
      {"Тоқаев", "توقاەۆ", "Төқәев"},     // a loan ending: е makes the word front
      {"цирк", "سيرك", "Сирк"},
      {"2024 жылы", "2024 جىلى", "2024 жылы"},
      {"Астана, Алматы?", "استانا، الماتى؟", "Астана, алматы?"},
      {"Ел. Жер", "ەل. جەر", "Ел. Жер"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(kazakh_in_script(c.cyrillic, "Arab"), c.arabic) << c.cyrillic;
    EXPECT_EQ(kazakh_in_script(c.arabic, "Cyrl"), c.back) << c.arabic;
  }
}

TEST(KazakhInScript, ArabicIsReadToLatinAndItsOwnLettersAndDigitsAreKnown) {
  EXPECT_EQ(kazakh_in_script("قازاقستان", "Latn"), "Qazaqstan");
  EXPECT_EQ(kazakh_in_script("ٴسوز", "Latn"), "Söz");
  // The precomposed hamza letters ٵ ٶ ٷ ٸ are front vowels.
  EXPECT_EQ(kazakh_in_script("ٶز", "Cyrl"), "Өз");
  EXPECT_EQ(kazakh_in_script("٢٠٢٤ جىلى", "Cyrl"), "2024 жылы");
  // Latin letters pass: a Latin text goes through "Cyrl" first.
  EXPECT_EQ(kazakh_in_script("Apple компаниясы", "Arab"), "Apple كومپانياسى");
}

TEST(KazakhInScript, OtherScriptsPassThroughAndADecomposedLetterIsOne) {
  EXPECT_EQ(kazakh_in_script("Астана 北京 Kazakhstan", "Latn"), "Astana 北京 Kazakhstan");
  EXPECT_EQ(kazakh_in_script("a\u0308", "Cyrl"), "ә");  // a + combining diaeresis
  EXPECT_EQ(kazakh_in_script("", "Cyrl"), "");
}

TEST(KazakhInScript, AnUnknownScriptIsAnError) {
  try {
    kazakh_in_script("Астана", "Grek");
    FAIL() << "no error";
  } catch (const InvalidArgument& e) {
    EXPECT_STREQ(e.what(), "unknown script \"Grek\" (known: Arab, Cyrl, Latn)");
  }
}

TEST(KazakhCanonical, UnknownAlphabetIsAnError) { EXPECT_THROW(kazakh_to_canonical("x", "latin"), InvalidArgument); }

TEST(KazakhStemmer, StripsEndingsConservatively) {
  struct Case {
    const char* word;
    const char* stem;
  };
  const Case cases[] = {
      // case endings
      {"қырғызстанда", "қырғызстан"},
      {"қырғызстанның", "қырғызстан"},
      {"қырғызстанға", "қырғызстан"},
      {"қырғызстаннан", "қырғызстан"},
      {"қырғызстандағы", "қырғызстан"},
      {"қырғызстанмен", "қырғызстан"},
      {"астанада", "астана"},
      {"астананың", "астана"},
      {"астанаға", "астана"},
      {"астананы", "астана"},
      {"мектепке", "мектеп"},
      {"мектептен", "мектеп"},
      {"мектепте", "мектеп"},
      {"достарымызбен", "дос"},
      // the accusative after consonants, and the possessive it is told from
      {"референдумды", "референдум"},
      {"қазақстанды", "қазақстан"},
      {"президентті", "президент"},
      {"халықты", "халық"},
      {"жұмысты", "жұмыс"},
      {"ресеиді", "ресеи"},  // Ресейді
      {"тоқаевты", "тоқаев"},
      {"заводы", "завод"},  // the possessive after a vowel and д
      {"бағыты", "бағыт"},  // and after a vowel and т
      {"елді", "ел"},
      {"аиды", "аи"},  // айды, the month
      // possessive + case
      {"еліне", "ел"},
      {"елінде", "ел"},
      {"елінен", "ел"},
      {"президенті", "президент"},
      {"президенттің", "президент"},
      {"қаласы", "қала"},
      {"қаласында", "қала"},
      // plural, with possessive and case
      {"қалалар", "қала"},
      {"қалалары", "қала"},
      {"қалаларының", "қала"},
      {"адамдар", "адам"},
      {"мектептер", "мектеп"},
      {"мектептерде", "мектеп"},
      // left alone: the ending is part of the word
      {"қазақстан", "қазақстан"},
      {"өзбекстан", "өзбекстан"},
      {"астана", "астана"},
      {"ел", "ел"},
      {"мен", "мен"},
      {"да", "да"},
      {"бала", "бала"},
      {"ата", "ата"},
  };
  for (const Case& c : cases) EXPECT_EQ(kazakh_stem(c.word), c.stem) << c.word;
}

TEST(KazakhStemmer, ScriptsMeetAfterStemming) {
  const std::string cyrillic = kazakh_stem(kazakh_to_canonical("Қырғызстанда", "cyrl"));
  EXPECT_EQ(cyrillic, "қырғызстан");
  EXPECT_EQ(kazakh_stem(kazakh_to_canonical("Қырғызстанның", "cyrl")), cyrillic);
  EXPECT_EQ(kazakh_stem(kazakh_to_canonical("Qyrǵyzstanǵa", "qz")), cyrillic);
  EXPECT_EQ(kazakh_stem(kazakh_to_canonical("Qyrğyzstanğa", "2021")), cyrillic);
}

// Real word forms from KazNERD: an inflected form (base + one case ending) of
// a word that also occurs bare must stem to the bare word's stem.
TEST(KazakhStemmer, ConflatesRealWordFormsFromKazNERD) {
  const std::string path = test::shared_path("corpora/kk-kaznerd-sentences.jsonl.gz");
  if (!test::shared_available()) GTEST_SKIP() << "../shared is absent: skipping the KazNERD word-form check";
  gzFile f = gzopen(path.c_str(), "rb");
  ASSERT_NE(f, nullptr) << path;
  Analyzer analyzer;
  std::set<std::string> words;
  char buf[1 << 16];
  while (gzgets(f, buf, sizeof buf)) {
    const auto obj = nlohmann::json::parse(buf, nullptr, false);
    if (!obj.is_object() || !obj.contains("text")) continue;
    for (const auto& w : analyzer.analyze_query(obj["text"].get<std::string>(), std::string("kk")))
      words.insert(kazakh_to_canonical(w.text, "cyrl"));
  }
  gzclose(f);
  const char* endings[] = {"да", "де", "ға", "ге", "дың", "дің", "ның", "нің", "дан", "ден", "мен", "бен"};
  std::size_t pairs = 0, conflated = 0;
  std::vector<std::string> misses;
  for (const auto& base : words) {
    if (base.size() < 8) continue;  // 4+ letters
    const std::string base_stem = kazakh_stem(base);
    if (base_stem != base) continue;  // compare only with bare words
    // A base ending in -ын/-ін is itself inflected (аиасын + да is аиасы + нда).
    const bool inflected_base =
        base.size() >= 4 && (base.substr(base.size() - 4) == "ын" || base.substr(base.size() - 4) == "ін");
    for (const char* e : endings) {
      if (inflected_base || !words.count(base + e)) continue;
      ++pairs;
      if (kazakh_stem(base + e) == base_stem) ++conflated;
      else if (misses.size() < 40) misses.push_back(base + e);
    }
  }
  ASSERT_GT(pairs, 1000u);
  const double rate = static_cast<double>(conflated) / pairs;
  std::string examples;
  for (const auto& m : misses) examples += m + " ";
  EXPECT_GE(rate, 0.95) << conflated << " of " << pairs << " pairs; misses: " << examples;
  std::cout << "KazNERD: " << conflated << " of " << pairs << " inflected forms meet their base\n";
}

}  // namespace
}  // namespace newsidx
