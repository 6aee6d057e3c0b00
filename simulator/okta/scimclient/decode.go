package scimclient

import (
	"encoding/json"
	"unicode/utf8"
)

// decodePlainObject decodes a target's answer as decodeObject does, without
// encoding/json's reflection, when the answer is one valid JSON object. It
// reports false for anything else, which decodeObject then reads itself.
func decodePlainObject(body []byte) (map[string]any, bool) {
	if !json.Valid(body) {
		return nil, false
	}
	d := plainDecoder{data: body}
	d.space()
	if d.data[d.i] != '{' {
		return nil, false
	}
	v, ok := d.value()
	if !ok {
		return nil, false
	}
	return v.(map[string]any), true
}

// plainDecoder reads JSON already known to be valid.
type plainDecoder struct {
	data []byte
	i    int
}

func (d *plainDecoder) space() {
	for d.i < len(d.data) {
		switch d.data[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

func (d *plainDecoder) value() (any, bool) {
	switch c := d.data[d.i]; c {
	case '{':
		return d.object()
	case '[':
		return d.array()
	case '"':
		return d.string()
	case 't':
		d.i += len("true")
		return true, true
	case 'f':
		d.i += len("false")
		return false, true
	case 'n':
		d.i += len("null")
		return nil, true
	}
	start := d.i
	for d.i < len(d.data) && isNumberByte(d.data[d.i]) {
		d.i++
	}
	return json.Number(d.data[start:d.i]), true
}

func (d *plainDecoder) object() (any, bool) {
	m := map[string]any{}
	d.i++
	for d.space(); d.data[d.i] != '}'; d.space() {
		key, ok := d.string()
		if !ok {
			return nil, false
		}
		d.space()
		d.i++ // the colon
		d.space()
		v, ok := d.value()
		if !ok {
			return nil, false
		}
		m[key] = v
		d.space()
		if d.data[d.i] == ',' {
			d.i++
		}
	}
	d.i++
	return m, true
}

func (d *plainDecoder) array() (any, bool) {
	list := []any{}
	d.i++
	for d.space(); d.data[d.i] != ']'; d.space() {
		v, ok := d.value()
		if !ok {
			return nil, false
		}
		list = append(list, v)
		d.space()
		if d.data[d.i] == ',' {
			d.i++
		}
	}
	d.i++
	return list, true
}

// string reads a string. One with an escape or invalid UTF-8 is read by
// encoding/json, which decodes the one and rewrites the other.
func (d *plainDecoder) string() (string, bool) {
	start := d.i
	plain := true
	end := start + 1
	for ; d.data[end] != '"'; end++ {
		if d.data[end] == '\\' {
			plain = false
			end++
		}
	}
	d.i = end + 1
	if lit := d.data[start+1 : end]; plain && utf8.Valid(lit) {
		return string(lit), true
	}
	var s string
	err := json.Unmarshal(d.data[start:end+1], &s)
	return s, err == nil
}

func isNumberByte(c byte) bool {
	return '0' <= c && c <= '9' || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E'
}
