// HTML as the text a reader sees: for ninjs bodies, headlines and
// descriptions that come as text/html.
#pragma once

#include <string>
#include <string_view>

namespace newsidx {

// The text of an HTML fragment or document (UTF-8), as parsed by libxml2's
// HTML parser: entities decoded, script, style and the head left out,
// white space collapsed as a browser does (kept inside <pre>), and one
// line break between blocks (paragraphs, headings, list items, <br> ...).
// A charset the markup declares is ignored: the text is UTF-8 already.
// Streams the markup, so neither its size nor its nesting costs more than
// linear time and constant memory beyond the text.
std::string html_to_text(std::string_view html);

}  // namespace newsidx
