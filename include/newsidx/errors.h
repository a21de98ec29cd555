// Exceptions thrown by the newsidx library.
//
// Every error names the input it is about and, where there is one, the fix.
// Errors of Xapian, ICU and SQLite are converted at one place each and keep
// their original text.
#pragma once

#include <stdexcept>
#include <string>

namespace newsidx {

// Base of every exception the library throws.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The caller passed something unusable (an unknown language, a bad option).
class InvalidArgument : public Error {
 public:
  using Error::Error;
};

// The database could not be opened, read or written.
class DatabaseError : public Error {
 public:
  using Error::Error;
};

// A text-analysis resource (ICU data, a transliteration rule) failed.
class AnalysisError : public Error {
 public:
  using Error::Error;
};

// A file could not be opened or read.
class IoError : public Error {
 public:
  using Error::Error;
};

}  // namespace newsidx
