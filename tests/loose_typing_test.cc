// Kazakh typed loosely finds the article: informal ASCII with case,
// possessive and plural endings in the mixed conventions people use, and the
// Arabic script with the letters people type for its own.
#include <gtest/gtest.h>

#include <set>

#include "analysis/kazakh.h"
#include "newsidx/indexer.h"
#include "newsidx/searcher.h"
#include "tests/test_util.h"

namespace newsidx {
namespace {

TEST(KazakhLooseStems, EndingsAsTypedAreTakenOneLayerEach) {
  // Тоқаевке typed Tokayevke: the skeleton, and it without the dative.
  EXPECT_EQ(kazakh_loose_stems("токаевке", false), (std::vector<LooseStem>{{"токаевке", 0}, {"токаев", 2}}));
  // Қазақстанның typed Kazakhstannyn: х read as қ, the genitive taken.
  const auto kazakhstan = kazakh_loose_stems("казахстаннин", false);
  for (const LooseStem& expected : {LooseStem{"казахстан", 3}, LooseStem{"казакстан", 3}, LooseStem{"казакстаннин", 0}})
    EXPECT_NE(std::find(kazakhstan.begin(), kazakhstan.end(), expected), kazakhstan.end()) << expected.skeleton;
  // Case, possessive and plural stacked: жазбаларына is жазба + лар + ы + на.
  const auto stacked = kazakh_loose_stems("жазбаларина", false);
  EXPECT_NE(std::find(stacked.begin(), stacked.end(), LooseStem{"жазба", 6}), stacked.end());
  // ng typed for ң; e for ә only when asked.
  const auto south = kazakh_loose_stems("онгтустик", false);
  EXPECT_NE(std::find(south.begin(), south.end(), LooseStem{"онтустик", 0}), south.end());
  const auto world = kazakh_loose_stems("елем", true);
  EXPECT_NE(std::find(world.begin(), world.end(), LooseStem{"алем", 0}), world.end());
  EXPECT_EQ(kazakh_loose_stems("елем", false), (std::vector<LooseStem>{{"елем", 0}}));
  // Three letters stay: ага is not а + га.
  EXPECT_EQ(kazakh_loose_stems("ага", false), (std::vector<LooseStem>{{"ага", 0}}));
}

class LooseTyping : public test::OwnIndexTest {
 protected:
  static void SetUpTestSuite() {
    const std::pair<const char*, const char*> articles[] = {
        {"kk-almaty", "Алматыда жаңа саябақ ашылды"}, {"kk-alma", "Алма бағы мол өнім берді"},
        {"kk-astana", "Астанадан шыққан пойыз"},      {"kk-nazarbayev", "Назарбаевтың кітабы жарық көрді"},
        {"kk-tokayev", "Тоқаевқа хат жолданды"},      {"kk-shymkent", "Шымкентте көктем мерекесі"},
        {"kk-zhezkazgan", "Жезқазғанда мыс зауыты"},  {"kk-kazakhstan", "Қазақстанның экспорты өсті"},
        {"kk-ongtustik", "Оңтүстік өңірде жаңбыр"},   {"kk-alem", "Әлем чемпионаты басталды"},
        {"kk-bilim", "Білім беру реформасы"},         {"kk-kitaptar", "Кітапханаларға сыйлық"},
    };
    std::string lines;
    for (const auto& [id, title] : articles)
      lines += test::article_line(id, std::string(R"("lang": "kk", "title": ")") + title + R"(", "body": "")") + "\n";
    index_lines(lines);
  }
};

TEST_F(LooseTyping, InformalAsciiWithEndingsFindsTheArticle) {
  const std::pair<const char*, const char*> cases[] = {
      {"Almatyga", "kk-almaty"},           // -ga for -ға; Алматы, not алма
      {"Almatydan", "kk-almaty"},          //
      {"almatinin", "kk-almaty"},          // i for ы, -nin for -ның
      {"Astanadan", "kk-astana"},          //
      {"Astanaga", "kk-astana"},           //
      {"Nazarbayevtyn", "kk-nazarbayev"},  // -tyn
      {"Nazarbaevtin", "kk-nazarbayev"},   // -tin, ae for ай
      {"Tokayevke", "kk-tokayev"},         // -ke for -қа
      {"Toqaevqa", "kk-tokayev"},          // q for қ
      {"Shymkentte", "kk-shymkent"},       //
      {"Shimkentten", "kk-shymkent"},      // i for ы, -ten
      {"Zhezkazganga", "kk-zhezkazgan"},   //
      {"Jezqazghanda", "kk-zhezkazgan"},   // j for ж, gh for ғ
      {"Kazakhstannyn", "kk-kazakhstan"},  // kh for қ
      {"Kazakhstan", "kk-kazakhstan"},     //
      {"Qazaqstannyng", "kk-kazakhstan"},  // ng for ң
      {"Kazahstanda", "kk-kazakhstan"},    // h for қ
      {"Kazaxstan", "kk-kazakhstan"},      // x for қ
      {"Ongtustikte", "kk-ongtustik"},     // ng for ң
      {"Elemde", "kk-alem"},               // e for ә
      {"kitapkhanalar", "kk-kitaptar"},    // kh for х, the plural
  };
  for (const auto& [query, id] : cases) EXPECT_EQ(found(query), std::set<std::string>{id}) << query;
}

TEST_F(LooseTyping, ArabicScriptVariantsFindTheArticle) {
  const std::pair<const char*, const char*> cases[] = {
      {"ٴبىلىم", "kk-bilim"},              // the standard spelling, with the high hamza
      {"ءبىلىم", "kk-bilim"},              // the Arabic hamza
      {"بىلىم", "kk-bilim"},               // no hamza: read as a back word, met loosely
      {"ٴبیلیم", "kk-bilim"},              // Persian yeh
      {"الەم", "kk-alem"},                 // ە marks the front word
      {"الهم", "kk-alem"},                 // Arabic heh for ە
      {"الـەم", "kk-alem"},                // tatweel
      {"\uFE8D\uFEDDە\uFEE1", "kk-alem"},  // presentation forms
      {"الەمدە", "kk-alem"},               // inflected
      {"قازاقستاننىڭ", "kk-kazakhstan"},   //
      {"ٴشىمكەنتتە", "kk-shymkent"},       // a front reading of a back word's ending
  };
  for (const auto& [query, id] : cases) EXPECT_EQ(found(query), std::set<std::string>{id}) << query;
}

TEST_F(LooseTyping, CyrillicKeepsItsExactReadings) {
  EXPECT_EQ(found("Алматыға"), std::set<std::string>{"kk-almaty"});
  EXPECT_EQ(found("алма"), std::set<std::string>{"kk-alma"});
  EXPECT_EQ(found("Қазақстан"), std::set<std::string>{"kk-kazakhstan"});
}

}  // namespace
}  // namespace newsidx
