package spectest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

const (
	schemaError = "urn:ietf:params:scim:api:messages:2.0:Error"
	schemaList  = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
)

// check compares an answer with what the step expects and saves values.
func check(want Expect, status int, body []byte, vars map[string]string) error {
	if status != want.Status {
		return fmt.Errorf("status %d, want %d; body %s", status, want.Status, clip(body))
	}
	var obj map[string]json.RawMessage
	if len(bytes.TrimSpace(body)) > 0 || want.ErrorSchema || want.ListResponse {
		if err := json.Unmarshal(body, &obj); err != nil {
			return fmt.Errorf("body is not a JSON object: %s", clip(body))
		}
	}
	checks := []func() error{
		func() error { return checkError(want, obj) },
		func() error { return checkList(want, obj) },
		func() error { return checkAttrs(want, obj, vars) },
	}
	for _, c := range checks {
		if err := c(); err != nil {
			return err
		}
	}
	for name, attr := range want.Save {
		var s string
		if err := json.Unmarshal(obj[attr], &s); err != nil || s == "" {
			return fmt.Errorf("answer has no string %s to save", attr)
		}
		vars[name] = s
	}
	return nil
}

func checkError(want Expect, obj map[string]json.RawMessage) error {
	if !want.ErrorSchema {
		return nil
	}
	if !hasSchema(obj, schemaError) {
		return fmt.Errorf("error body lacks schema %s", schemaError)
	}
	var st string
	if err := json.Unmarshal(obj["status"], &st); err != nil || st != fmt.Sprint(want.Status) {
		return fmt.Errorf("error status %s, want the string %q", obj["status"], fmt.Sprint(want.Status))
	}
	if want.ScimType != "" {
		var typ string
		_ = json.Unmarshal(obj["scimType"], &typ)
		if typ != want.ScimType {
			return fmt.Errorf("scimType %q, want %q", typ, want.ScimType)
		}
	}
	return nil
}

func checkList(want Expect, obj map[string]json.RawMessage) error {
	if !want.ListResponse {
		return nil
	}
	if !hasSchema(obj, schemaList) {
		return fmt.Errorf("list lacks schema %s", schemaList)
	}
	nums := map[string]int{}
	for _, k := range []string{"totalResults", "startIndex", "itemsPerPage"} {
		var n int
		if err := json.Unmarshal(obj[k], &n); err != nil {
			return fmt.Errorf("%s is %s, want an integer", k, obj[k])
		}
		nums[k] = n
	}
	if want.TotalResults != nil && nums["totalResults"] != *want.TotalResults {
		return fmt.Errorf("totalResults %d, want %d", nums["totalResults"], *want.TotalResults)
	}
	if want.ItemsPerPage != nil && nums["itemsPerPage"] != *want.ItemsPerPage {
		return fmt.Errorf("itemsPerPage %d, want %d", nums["itemsPerPage"], *want.ItemsPerPage)
	}
	var res []json.RawMessage
	if raw, ok := obj["Resources"]; ok {
		if err := json.Unmarshal(raw, &res); err != nil {
			return fmt.Errorf("resources is not an array")
		}
	}
	if len(res) != nums["itemsPerPage"] {
		return fmt.Errorf("%d resources but itemsPerPage %d", len(res), nums["itemsPerPage"])
	}
	return nil
}

func checkAttrs(want Expect, obj map[string]json.RawMessage, vars map[string]string) error {
	for attr, val := range want.Attrs {
		var got string
		if err := json.Unmarshal(obj[attr], &got); err != nil {
			return fmt.Errorf("%s is %s, want a string", attr, obj[attr])
		}
		if !strings.EqualFold(got, fill(val, vars)) {
			return fmt.Errorf("%s = %q, want %q", attr, got, fill(val, vars))
		}
	}
	if want.Active != nil {
		var active bool
		if err := json.Unmarshal(obj["active"], &active); err != nil || active != *want.Active {
			return fmt.Errorf("active is %s, want %v", obj["active"], *want.Active)
		}
	}
	return nil
}

func hasSchema(obj map[string]json.RawMessage, urn string) bool {
	var schemas []string
	_ = json.Unmarshal(obj["schemas"], &schemas)
	for _, s := range schemas {
		if s == urn {
			return true
		}
	}
	return false
}

func clip(b []byte) string {
	if len(b) > 300 {
		return string(b[:300]) + "…"
	}
	return string(b)
}
