#include "indexer/json_locator.h"

#include <nlohmann/json.hpp>

namespace newsidx {
namespace {

using json = nlohmann::json;

// Follows the parse: `open` is the top-level member whose value has begun
// and not yet ended.
class Locator : public nlohmann::json_sax<json> {
 public:
  std::string open;

  bool null() override { return value(); }
  bool boolean(bool) override { return value(); }
  bool number_integer(number_integer_t) override { return value(); }
  bool number_unsigned(number_unsigned_t) override { return value(); }
  bool number_float(number_float_t, const string_t&) override { return value(); }
  bool string(string_t&) override { return value(); }
  bool binary(binary_t&) override { return value(); }
  bool start_object(std::size_t) override { return ++depth_, true; }
  bool end_object() override { return --depth_, value(); }
  bool start_array(std::size_t) override { return ++depth_, true; }
  bool end_array() override { return --depth_, value(); }
  bool key(string_t& name) override {
    if (depth_ == 1) open = name;
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return false; }

 private:
  // A value ended: a top-level member's, when back at the object's depth.
  bool value() {
    if (depth_ == 1) open.clear();
    return true;
  }
  int depth_ = 0;
};

}  // namespace

std::string field_at_failure(std::string_view text) {
  Locator locator;
  json::sax_parse(text.begin(), text.end(), &locator);
  return locator.open;
}

}  // namespace newsidx
