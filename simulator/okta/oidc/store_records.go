package oidc

import "time"

// openSession starts a session and returns the cookie value.
func (s *store) openSession(userID string, now time.Time, ttl time.Duration) string {
	value := randomValue()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sweep(now)
	s.sessions[hashValue(value)] = &session{userID: userID, authTime: now, expires: now.Add(ttl)}
	return value
}

// session returns the live session named by a cookie value.
func (s *store) session(value string, now time.Time) (session, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sess, ok := s.sessions[hashValue(value)]
	if !ok || !now.Before(sess.expires) {
		return session{}, false
	}
	return *sess, true
}

func (s *store) endSession(value string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.sessions, hashValue(value))
}

// endUser ends every session of the user and revokes their codes and tokens.
func (s *store) endUser(userID string) (sessions, tokens int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for k, v := range s.sessions {
		if v.userID == userID {
			delete(s.sessions, k)
			sessions++
		}
	}
	for k, v := range s.codes {
		if v.userID == userID {
			delete(s.codes, k)
		}
	}
	for k, v := range s.tokens {
		if v.userID == userID {
			delete(s.tokens, k)
			tokens++
		}
	}
	return sessions, tokens
}

func (s *store) addPending(req authRequest, csrf string, now time.Time) pendingAuth {
	p := pendingAuth{id: randomValue(), csrf: csrf, req: req, expires: now.Add(pendingTTL)}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sweep(now)
	s.pending[p.id] = &p
	return p
}

func (s *store) pendingAuth(id string, now time.Time) (pendingAuth, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.pending[id]
	if !ok || !now.Before(p.expires) {
		return pendingAuth{}, false
	}
	return *p, true
}

func (s *store) deletePending(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.pending, id)
}

// issueCode stores a code record and returns the code.
func (s *store) issueCode(rec authCode, now time.Time) string {
	value := randomValue()
	rec.grantID = randomValue()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sweep(now)
	s.codes[hashValue(value)] = &rec
	return value
}

// redeemCode consumes a code on its first presentation, whatever the outcome
// of the rest of the exchange. A second presentation is refused and revokes
// the tokens issued from the first (RFC 6749 §4.1.2, §10.5).
func (s *store) redeemCode(value string, now time.Time) (authCode, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, ok := s.codes[hashValue(value)]
	switch {
	case !ok:
		return authCode{}, badRequest(errInvalidGrant,
			"The authorization code is invalid or has expired.")
	case rec.used:
		s.revokeGrantLocked(rec.grantID)
		return authCode{}, badRequest(errInvalidGrant,
			"The authorization code has already been used; tokens issued from it are revoked.")
	}
	rec.used = true
	if !now.Before(rec.expires) {
		return authCode{}, badRequest(errInvalidGrant,
			"The authorization code is invalid or has expired.")
	}
	return *rec, nil
}

// issueToken stores a token record and returns the token.
func (s *store) issueToken(rec token, now time.Time) string {
	value := randomValue()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sweep(now)
	s.tokens[hashValue(value)] = &rec
	return value
}

// token returns a live token.
func (s *store) token(value string, now time.Time) (token, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, ok := s.tokens[hashValue(value)]
	if !ok || !now.Before(rec.expires) {
		return token{}, false
	}
	return *rec, true
}

// revokeToken revokes one token; revoking a refresh token also revokes the
// access tokens of its grant (RFC 7009 §2.1).
func (s *store) revokeToken(value string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	key := hashValue(value)
	rec, ok := s.tokens[key]
	if !ok {
		return
	}
	delete(s.tokens, key)
	if rec.kind == refreshToken {
		s.revokeGrantLocked(rec.grantID)
	}
}

func (s *store) revokeGrantLocked(grantID string) {
	for k, v := range s.tokens {
		if v.grantID == grantID {
			delete(s.tokens, k)
		}
	}
}
