package scimclient

import (
	"encoding/json"
	"testing"
)

func TestOverlay(t *testing.T) {
	server := `{"schemas":["s"],"id":"1","userName":"jane","meta":{"version":"W/1"},` +
		`"name":{"givenName":"Jane","familyName":"Doe","formatted":"Jane Doe"},` +
		`"emails":[{"value":"w@x","type":"work","primary":true,"display":"W"},` +
		`{"value":"h@x","type":"home"}],"nickName":"JD","roles":["a","b"],` +
		`"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"employeeNumber":"7",` +
		`"department":"R&D"}}`
	tests := []struct {
		name   string
		mapped string
		want   string
	}{
		{
			"dotted key sets a sub-attribute",
			`{"name.givenName":"Janet"}`,
			`{"emails":[{"display":"W","primary":true,"type":"work","value":"w@x"},` +
				`{"type":"home","value":"h@x"}],"id":"1","meta":{"version":"W/1"},` +
				`"name":{"familyName":"Doe","formatted":"Jane Doe","givenName":"Janet"},` +
				`"nickName":"JD","roles":["a","b"],"schemas":["s"],` +
				`"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":` +
				`{"department":"R\u0026D","employeeNumber":"7"},"userName":"jane"}`,
		},
		{
			"complex value merges, keys match without case",
			`{"Name":{"FamilyName":"Roe"},"USERNAME":"jroe"}`,
			`{"emails":[{"display":"W","primary":true,"type":"work","value":"w@x"},` +
				`{"type":"home","value":"h@x"}],"id":"1","meta":{"version":"W/1"},` +
				`"name":{"familyName":"Roe","formatted":"Jane Doe","givenName":"Jane"},` +
				`"nickName":"JD","roles":["a","b"],"schemas":["s"],` +
				`"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":` +
				`{"department":"R\u0026D","employeeNumber":"7"},"userName":"jroe"}`,
		},
		{
			"multi-valued entries merge by type, others stay",
			`{"emails":[{"value":"new@x","type":"work","primary":true},{"value":"o@x","type":"other"}]}`,
			`{"emails":[{"display":"W","primary":true,"type":"work","value":"new@x"},` +
				`{"type":"home","value":"h@x"},{"type":"other","value":"o@x"}],"id":"1",` +
				`"meta":{"version":"W/1"},` +
				`"name":{"familyName":"Doe","formatted":"Jane Doe","givenName":"Jane"},` +
				`"nickName":"JD","roles":["a","b"],"schemas":["s"],` +
				`"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":` +
				`{"department":"R\u0026D","employeeNumber":"7"},"userName":"jane"}`,
		},
		{
			"urn keys are not split and simple arrays replace",
			`{"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"employeeNumber":"8"},` +
				`"roles":["c"],"title":"CTO"}`,
			`{"emails":[{"display":"W","primary":true,"type":"work","value":"w@x"},` +
				`{"type":"home","value":"h@x"}],"id":"1","meta":{"version":"W/1"},` +
				`"name":{"familyName":"Doe","formatted":"Jane Doe","givenName":"Jane"},` +
				`"nickName":"JD","roles":["c"],"schemas":["s"],"title":"CTO",` +
				`"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":` +
				`{"department":"R\u0026D","employeeNumber":"8"},"userName":"jane"}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s, m map[string]any
			must(t, json.Unmarshal([]byte(server), &s))
			must(t, json.Unmarshal([]byte(tt.mapped), &m))
			before, _ := json.Marshal(s)
			got, _ := json.Marshal(overlay(s, m))
			if string(got) != tt.want {
				t.Errorf("overlay =\n%s\nwant\n%s", got, tt.want)
			}
			if after, _ := json.Marshal(s); string(after) != string(before) {
				t.Error("overlay modified the server's map")
			}
		})
	}
}
