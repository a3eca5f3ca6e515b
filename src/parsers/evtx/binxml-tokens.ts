/**
 * @module parsers/evtx/binxml-tokens
 * BinXML token bytes ([MS-EVEN6] "BinXml" grammar). The 0x40 bit on a token means "more
 * follows" (attributes on an element, another attribute after this one).
 */

export const TOKEN = {
  EOF: 0x00,
  OPEN_START_ELEMENT: 0x01,
  CLOSE_START_ELEMENT: 0x02,
  CLOSE_EMPTY_ELEMENT: 0x03,
  END_ELEMENT: 0x04,
  VALUE: 0x05,
  ATTRIBUTE: 0x06,
  CDATA_SECTION: 0x07,
  CHAR_REF: 0x08,
  ENTITY_REF: 0x09,
  PI_TARGET: 0x0a,
  PI_DATA: 0x0b,
  TEMPLATE_INSTANCE: 0x0c,
  NORMAL_SUBSTITUTION: 0x0d,
  OPTIONAL_SUBSTITUTION: 0x0e,
  FRAGMENT_HEADER: 0x0f,
} as const;

/** The "more bits" flag. */
export const TOKEN_MORE = 0x40;
