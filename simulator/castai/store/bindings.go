package store

import (
	"slices"
	"time"
)

// bindingRecord is a role binding as the store keeps it. The new joiners of
// one connection get bindings that differ only in id, name, subject and
// time, so the rest, the shape, is shared with the binding stored before it
// when it is the same: 100,000 new joiners keep one description and one
// scope list instead of 100,000, and a record is 112 bytes instead of 248.
type bindingRecord struct {
	id, name         string
	shape            *bindingShape
	subjects         []Subject
	created, updated time.Time
}

// bindingShape is never changed once stored: a replaced binding gets a new
// record with a shape of its own or a shared one.
type bindingShape struct {
	description, roleID, source string
	scopes                      []Scope
}

// record returns b as a new record that shares nothing with b.
func (m *memory) record(b *RoleBinding) *bindingRecord {
	shape := m.lastShape
	if shape == nil || !shape.matches(b) {
		shape = &bindingShape{
			description: b.Description, roleID: b.RoleID, source: b.Source,
			scopes: copyScopes(b.Scopes),
		}
		m.lastShape = shape
	}
	return &bindingRecord{
		id: b.ID, name: b.Name, shape: shape, subjects: copySubjects(b.Subjects),
		created: b.Created, updated: b.Updated,
	}
}

func (s *bindingShape) matches(b *RoleBinding) bool {
	return s.description == b.Description && s.roleID == b.RoleID && s.source == b.Source &&
		slices.EqualFunc(s.scopes, b.Scopes, func(x, y Scope) bool {
			return sameRef(x.Organization, y.Organization) && sameRef(x.Cluster, y.Cluster)
		})
}

func sameRef(a, b *IDRef) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.ID == b.ID
}

// binding returns the record as a RoleBinding that shares nothing with it.
func (r *bindingRecord) binding() RoleBinding {
	return RoleBinding{
		ID: r.id, Name: r.name, Description: r.shape.description, RoleID: r.shape.roleID,
		Scopes: copyScopes(r.shape.scopes), Subjects: copySubjects(r.subjects),
		Source: r.shape.source, Created: r.created, Updated: r.updated,
	}
}

func copyScopes(scopes []Scope) []Scope {
	out := make([]Scope, len(scopes))
	for i, s := range scopes {
		out[i] = Scope{Organization: copyRef(s.Organization), Cluster: copyRef(s.Cluster)}
	}
	return out
}

func copySubjects(subjects []Subject) []Subject {
	out := make([]Subject, len(subjects))
	for i, s := range subjects {
		out[i] = Subject{
			User: copyRef(s.User), Group: copyRef(s.Group),
			ServiceAccount: copyRef(s.ServiceAccount),
		}
	}
	return out
}

func copyRef(r *IDRef) *IDRef {
	if r == nil {
		return nil
	}
	c := *r
	return &c
}
