// Exceptions thrown by the newsidx library.
//
// Every error names the input it is about and, where there is one, the fix.
// Errors of Xapian, ICU and SQLite are converted where the library calls
// them (Xapian's by the reader pool, the index store and the loader; ICU's
// by the analyzer; SQLite's by recommend/mostread/sqlite.cc) and keep their
// original text.
#pragma once

#include <stdexcept>
#include <string>

#include "newsidx/export.h"

namespace newsidx {

// Base of every exception the library throws.
class NEWSIDX_EXPORT Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The caller passed something unusable (an unknown language, a bad option).
class NEWSIDX_EXPORT InvalidArgument : public Error {
 public:
  using Error::Error;
};

// The database could not be opened, read or written.
class NEWSIDX_EXPORT DatabaseError : public Error {
 public:
  using Error::Error;
};

// A text-analysis resource (ICU data, a transliteration rule) failed.
class NEWSIDX_EXPORT AnalysisError : public Error {
 public:
  using Error::Error;
};

// A file could not be opened or read.
class NEWSIDX_EXPORT IoError : public Error {
 public:
  using Error::Error;
};

// An article older than the version the index holds (its `version`, or its
// `updated` time): ignored, nothing stored. The message says both:
// `older version 3 of "a-1" ignored, 4 is stored`.
class NEWSIDX_EXPORT OlderVersion : public Error {
 public:
  using Error::Error;
};

}  // namespace newsidx
