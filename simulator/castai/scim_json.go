package castai

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The SCIM handlers read a body as an object of raw values and then each
// value on its own, and write resources built of maps, lists and strings.
// encoding/json does both through reflection; the helpers below do the
// common cases directly and give encoding/json's results exactly, leaving
// every other case to it.

// splitObject reads the members of a JSON object into raw values, as
// json.Unmarshal into a map[string]json.RawMessage does. It reports false,
// leaving the work to json.Unmarshal, when data is not valid JSON, not an
// object, or has a key with an escape or invalid UTF-8 (which the decoder
// rewrites).
func splitObject(data []byte) (map[string]json.RawMessage, bool) {
	if !json.Valid(data) {
		return nil, false
	}
	i := skipSpace(data, 0)
	if data[i] != '{' {
		return nil, false
	}
	out := make(map[string]json.RawMessage, 8)
	i = skipSpace(data, i+1)
	for data[i] != '}' {
		end := skipString(data, i)
		key := data[i+1 : end-1]
		if !plainJSONBytes(key) {
			return nil, false
		}
		i = skipSpace(data, end)
		i = skipSpace(data, i+1) // the colon
		end = skipValue(data, i)
		out[string(key)] = json.RawMessage(data[i:end])
		i = skipSpace(data, end)
		if data[i] == ',' {
			i = skipSpace(data, i+1)
		}
	}
	return out, true
}

// splitArray reads the elements of a JSON array into raw values, as
// json.Unmarshal into a []json.RawMessage does. It reports false when data
// is not a valid JSON array.
func splitArray(data []byte) ([]json.RawMessage, bool) {
	if !json.Valid(data) {
		return nil, false
	}
	i := skipSpace(data, 0)
	if data[i] != '[' {
		return nil, false
	}
	out := []json.RawMessage{}
	i = skipSpace(data, i+1)
	for data[i] != ']' {
		end := skipValue(data, i)
		out = append(out, json.RawMessage(data[i:end]))
		i = skipSpace(data, end)
		if data[i] == ',' {
			i = skipSpace(data, i+1)
		}
	}
	return out, true
}

// The skip functions walk JSON already known to be valid: each returns the
// index just past what starts at i.

func skipSpace(data []byte, i int) int {
	for i < len(data) && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r') {
		i++
	}
	return i
}

func skipString(data []byte, i int) int {
	for i++; data[i] != '"'; i++ {
		if data[i] == '\\' {
			i++
		}
	}
	return i + 1
}

func skipValue(data []byte, i int) int {
	switch data[i] {
	case '"':
		return skipString(data, i)
	case '{', '[':
		depth := 0
		for {
			switch data[i] {
			case '"':
				i = skipString(data, i)
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1
				}
			}
			i++
		}
	}
	for i < len(data) && !isValueEnd(data[i]) {
		i++
	}
	return i
}

func isValueEnd(c byte) bool {
	return c == ',' || c == '}' || c == ']' || c == ' ' || c == '\t' || c == '\n' || c == '\r'
}

// rawString returns the string a raw JSON value holds when it is a string
// without escapes: what json.Unmarshal would give, without its cost.
func rawString(raw json.RawMessage) (string, bool) {
	n := len(raw)
	if n < 2 || raw[0] != '"' || raw[n-1] != '"' || !plainJSONBytes(raw[1:n-1]) {
		return "", false
	}
	return string(raw[1 : n-1]), true
}

// plainJSONBytes reports whether b, between quotes, is a JSON string that
// decodes to b itself: valid UTF-8 with no quote, backslash or control
// character.
func plainJSONBytes(b []byte) bool {
	for _, c := range b {
		if c < 0x20 || c == '"' || c == '\\' {
			return false
		}
	}
	return utf8.Valid(b)
}

// marshalJSON encodes v as json.Marshal does. Maps, lists, strings that
// need no escape, booleans and nulls are written directly, every other value
// by json.Marshal; if any of it fails, all of v is left to json.Marshal.
func marshalJSON(v any) ([]byte, error) {
	if _, ok := v.(map[string]any); !ok {
		return json.Marshal(v)
	}
	w := jsonWriter{buf: make([]byte, 0, 1024)}
	if w.write(v) {
		return w.buf, nil
	}
	return json.Marshal(v)
}

type jsonWriter struct{ buf []byte }

func (w *jsonWriter) write(v any) bool {
	switch t := v.(type) {
	case map[string]any:
		return w.object(t)
	case []any:
		if t == nil {
			break
		}
		w.buf = append(w.buf, '[')
		for i, e := range t {
			if i > 0 {
				w.buf = append(w.buf, ',')
			}
			if !w.write(e) {
				return false
			}
		}
		w.buf = append(w.buf, ']')
		return true
	case string:
		return w.string(t)
	case bool:
		w.buf = strconv.AppendBool(w.buf, t)
		return true
	}
	b, err := json.Marshal(v)
	w.buf = append(w.buf, b...)
	return err == nil
}

// object writes m with its keys sorted, as encoding/json does.
func (w *jsonWriter) object(m map[string]any) bool {
	if m == nil {
		w.buf = append(w.buf, "null"...)
		return true
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	w.buf = append(w.buf, '{')
	for i, k := range keys {
		if i > 0 {
			w.buf = append(w.buf, ',')
		}
		if !w.string(k) {
			return false
		}
		w.buf = append(w.buf, ':')
		if !w.write(m[k]) {
			return false
		}
	}
	w.buf = append(w.buf, '}')
	return true
}

func (w *jsonWriter) string(s string) bool {
	if !htmlSafeJSONString(s) {
		b, err := json.Marshal(s)
		w.buf = append(w.buf, b...)
		return err == nil
	}
	w.buf = append(w.buf, '"')
	w.buf = append(w.buf, s...)
	w.buf = append(w.buf, '"')
	return true
}

// htmlSafeJSONString reports whether json.Marshal writes s as s between
// quotes: valid UTF-8 without a control character, a quote, a backslash,
// the HTML characters <, > and &, U+2028 or U+2029.
func htmlSafeJSONString(s string) bool {
	ascii := true
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c < 0x20, c == '"', c == '\\', c == '<', c == '>', c == '&':
			return false
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	return ascii || utf8.ValidString(s) && !strings.ContainsAny(s, "\u2028\u2029")
}
