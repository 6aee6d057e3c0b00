package oidc

import (
	"context"
	"sync"
	"time"
)

// fakeDirectory is an in-memory Directory for the tests.
type fakeDirectory struct {
	mu       sync.Mutex
	users    map[string]*fakeUser // by id
	clients  map[string]Client
	assigned map[string]map[string]bool // client id -> user id
	panicky  bool                       // Subject panics, to test recovery
}

type fakeUser struct {
	subject  Subject
	password string
	status   string // ACTIVE, STAGED, SUSPENDED, DEPROVISIONED
}

func newFakeDirectory() *fakeDirectory {
	return &fakeDirectory{
		users:    map[string]*fakeUser{},
		clients:  map[string]Client{},
		assigned: map[string]map[string]bool{},
	}
}

func (d *fakeDirectory) addUser(s Subject, password, status string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.users[s.ID] = &fakeUser{subject: s, password: password, status: status}
}

func (d *fakeDirectory) setStatus(userID, status string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.users[userID].status = status
}

func (d *fakeDirectory) addClient(c Client, userIDs ...string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.clients[c.ID] = c
	d.assigned[c.ID] = map[string]bool{}
	for _, id := range userIDs {
		d.assigned[c.ID][id] = true
	}
}

func (d *fakeDirectory) setPanicky(v bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.panicky = v
}

func (d *fakeDirectory) Authenticate(_ context.Context, login, password string) (Subject, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, u := range d.users {
		if u.subject.Login != login {
			continue
		}
		if u.password != password {
			return Subject{}, ErrWrongPassword
		}
		switch u.status {
		case "DEPROVISIONED":
			return Subject{}, ErrUserDeactivated
		case "SUSPENDED":
			return Subject{}, ErrUserSuspended
		case "STAGED":
			return Subject{}, ErrUserNotActivated
		}
		return u.current(), nil
	}
	return Subject{}, ErrUnknownUser
}

func (d *fakeDirectory) Subject(_ context.Context, userID string) (Subject, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.panicky {
		panic("directory exploded")
	}
	u, ok := d.users[userID]
	if !ok {
		return Subject{}, ErrUnknownUser
	}
	return u.current(), nil
}

func (d *fakeDirectory) Client(_ context.Context, clientID string) (Client, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	c, ok := d.clients[clientID]
	if !ok {
		return Client{}, ErrUnknownClient
	}
	return c, nil
}

func (d *fakeDirectory) Assigned(_ context.Context, clientID, userID string) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.assigned[clientID][userID]
}

func (u *fakeUser) current() Subject {
	s := u.subject
	s.Active = u.status == "ACTIVE"
	return s
}

// fakeClock is a clock the tests move by hand.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}
