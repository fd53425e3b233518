#include "SnowlineField.h"

void SnowlineField::writeJson() const {
  SnowlineOut::put('"');
  SnowlineOut::text(name_, SNOWLINE_JSON_STRING);
  SnowlineOut::put('"');
  SnowlineOut::put(':');
  switch (kind_) {
    case INTEGER:
      SnowlineOut::decimal(integer_);
      break;
    case UNSIGNED:
      SnowlineOut::unsignedDecimal(static_cast<uint32_t>(integer_));
      break;
    case REAL:
      // JSON has no NaN or infinity.
      if (real_ != real_ || real_ > 3.4e38 || real_ < -3.4e38) SnowlineOut::flash(F("null"));
      else SnowlineOut::fixed(real_, decimals_);
      break;
    case BOOLEAN:
      SnowlineOut::flash(integer_ ? F("true") : F("false"));
      break;
    case STRING:
      SnowlineOut::put('"');
      SnowlineOut::text(string_, SNOWLINE_JSON_STRING);
      SnowlineOut::put('"');
      break;
  }
}
