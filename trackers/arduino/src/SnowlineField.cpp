#include "SnowlineField.h"

void SnowlineField::writeJson(SnowlineOut& out) const {
  out.put('"');
  out.text(name_, SNOWLINE_JSON_STRING);
  out.put('"');
  out.put(':');
  switch (kind_) {
    case INTEGER:
      out.decimal(integer_);
      break;
    case UNSIGNED:
      out.unsignedDecimal(static_cast<uint32_t>(integer_));
      break;
    case REAL:
      // JSON has no NaN or infinity.
      if (real_ != real_ || real_ > 3.4e38 || real_ < -3.4e38) out.flash(F("null"));
      else out.fixed(real_, decimals_);
      break;
    case BOOLEAN:
      out.flash(integer_ ? F("true") : F("false"));
      break;
    case STRING:
      out.put('"');
      out.text(string_, SNOWLINE_JSON_STRING);
      out.put('"');
      break;
  }
}
