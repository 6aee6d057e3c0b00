package scimclient

import (
	"strings"
)

// overlay lays Okta's mapped values over the target's own resource, the body
// of Okta's GET-then-PUT (OKTA-WIRE.md, Users step 3): every attribute the
// target returned is echoed back, read-only and unknown ones included, and
// every mapped attribute replaces the target's value.
//
//   - Keys match without regard to case (RFC 7643 §2.1); the target's
//     spelling is kept.
//   - A dotted key ("name.givenName") sets a sub-attribute. Keys starting
//     with "urn:" are schema URNs and are never split on dots.
//   - A complex value (a JSON object) merges into the target's object.
//   - A multi-valued complex value (an array of objects) merges entry by
//     entry: a mapped entry replaces the fields of the target's entry of the
//     same "type" (or the primary entry when it has no type); the target's
//     other entries stay. Any other array replaces the target's array.
//
// Neither input is modified.
func overlay(server, mapped map[string]any) map[string]any {
	out := deepCopy(server).(map[string]any)
	for k, v := range mapped {
		setPath(out, splitKey(k), deepCopy(v))
	}
	return out
}

func splitKey(k string) []string {
	if strings.HasPrefix(strings.ToLower(k), "urn:") {
		return []string{k}
	}
	return strings.Split(k, ".")
}

func setPath(m map[string]any, path []string, v any) {
	key := existingKey(m, path[0])
	if len(path) > 1 {
		child, ok := m[key].(map[string]any)
		if !ok {
			child = map[string]any{}
			m[key] = child
		}
		setPath(child, path[1:], v)
		return
	}
	m[key] = mergeValue(m[key], v)
}

func existingKey(m map[string]any, k string) string {
	if _, ok := m[k]; ok {
		return k
	}
	for have := range m {
		if strings.EqualFold(have, k) {
			return have
		}
	}
	return k
}

func mergeValue(old, v any) any {
	switch nv := v.(type) {
	case map[string]any:
		om, ok := old.(map[string]any)
		if !ok {
			return nv
		}
		for k, sub := range nv {
			key := existingKey(om, k)
			om[key] = mergeValue(om[key], sub)
		}
		return om
	case []any:
		oa, ok := old.([]any)
		if !ok || !allObjects(nv) || !allObjects(oa) {
			return nv
		}
		return mergeEntries(oa, nv)
	}
	return v
}

// mergeEntries merges a multi-valued complex attribute entry by entry.
func mergeEntries(old, mapped []any) []any {
	out := append([]any{}, old...)
	for _, e := range mapped {
		entry := e.(map[string]any)
		i := matchEntry(out, entry)
		if i < 0 {
			out = append(out, entry)
			continue
		}
		merged := out[i].(map[string]any)
		for k, v := range entry {
			merged[existingKey(merged, k)] = v
		}
	}
	return out
}

func matchEntry(entries []any, e map[string]any) int {
	typ, hasType := e["type"].(string)
	for i, o := range entries {
		om := o.(map[string]any)
		if hasType {
			if t, _ := om[existingKey(om, "type")].(string); strings.EqualFold(t, typ) {
				return i
			}
			continue
		}
		if p, _ := om[existingKey(om, "primary")].(bool); p {
			return i
		}
	}
	return -1
}

func allObjects(a []any) bool {
	for _, e := range a {
		if _, ok := e.(map[string]any); !ok {
			return false
		}
	}
	return true
}

func deepCopy(v any) any {
	switch t := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(t))
		for k, e := range t {
			m[k] = deepCopy(e)
		}
		return m
	case []any:
		a := make([]any, len(t))
		for i, e := range t {
			a[i] = deepCopy(e)
		}
		return a
	}
	return v
}
