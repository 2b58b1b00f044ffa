// Command mockoidc serves a mock OpenID Connect provider on a loopback address for the end-to-end
// tests of the authenticating proxy. It logs in whichever user the tests queued, with no UI.
//
// Endpoints: the provider's own under /oidc (issuer http://ADDR/oidc), and a control endpoint:
//
//	POST /control/users  {"sub": "...", "email": "...", "email_verified": true,
//	                      "preferred_username": "...", "groups": ["..."]}
//
// queues the user that the next authorization request logs in (first in, first out; when the queue
// is empty the provider's default user, jane.doe@example.com, is logged in). Claims are given by
// scope: preferred_username with "profile", email and email_verified with "email", groups with
// "groups". Unlike the library's own MockUser, email_verified is sent even when false, so a
// relying party's refusal of unverified emails can be tested.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"

	"github.com/golang-jwt/jwt/v5"
	"github.com/oauth2-proxy/mockoidc"
)

// queuedUser is the control endpoint's request body.
type queuedUser struct {
	Subject           string   `json:"sub"`
	Email             string   `json:"email"`
	EmailVerified     *bool    `json:"email_verified"`
	PreferredUsername string   `json:"preferred_username"`
	Groups            []string `json:"groups"`
}

// user is a mockoidc.User whose claims are trimmed to the granted scopes.
type user struct {
	queuedUser
	verified bool
}

type userClaims struct {
	*mockoidc.IDTokenClaims
	Email             string   `json:"email,omitempty"`
	EmailVerified     *bool    `json:"email_verified,omitempty"`
	PreferredUsername string   `json:"preferred_username,omitempty"`
	Groups            []string `json:"groups,omitempty"`
}

func (u *user) ID() string { return u.Subject }

func (u *user) scoped(scopes []string, base *mockoidc.IDTokenClaims) *userClaims {
	c := &userClaims{IDTokenClaims: base}
	for _, scope := range scopes {
		switch scope {
		case "profile":
			c.PreferredUsername = u.PreferredUsername
		case "email":
			c.Email = u.Email
			verified := u.verified
			c.EmailVerified = &verified
		case "groups":
			c.Groups = append([]string{}, u.Groups...)
		}
	}
	return c
}

func (u *user) Userinfo(scopes []string) ([]byte, error) {
	c := u.scoped(scopes, nil)
	return json.Marshal(struct {
		Subject string `json:"sub"`
		*userClaims
	}{u.Subject, c})
}

func (u *user) Claims(scopes []string, base *mockoidc.IDTokenClaims) (jwt.Claims, error) {
	return u.scoped(scopes, base), nil
}

// idleListener only reports an address: the provider's handler is served by our own server on the
// real listener, so the provider computes its issuer from the real address but never accepts itself.
type idleListener struct {
	addr net.Addr
	done chan struct{}
}

func (l *idleListener) Accept() (net.Conn, error) { <-l.done; return nil, net.ErrClosed }
func (l *idleListener) Close() error              { return nil }
func (l *idleListener) Addr() net.Addr            { return l.addr }

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "loopback address to listen on")
	clientID := flag.String("client-id", "", "the OAuth client id the provider accepts (required)")
	clientSecret := flag.String("client-secret", "", "the OAuth client secret the provider accepts (required)")
	flag.Parse()
	if *clientID == "" || *clientSecret == "" {
		fmt.Fprintln(os.Stderr, "mockoidc: --client-id and --client-secret are required")
		os.Exit(2)
	}

	m, err := mockoidc.NewServer(nil)
	if err != nil {
		log.Fatalf("mockoidc: %v", err)
	}
	m.ClientID = *clientID
	m.ClientSecret = *clientSecret
	if err := m.AddMiddleware(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			log.Printf("%s %s", r.Method, r.URL.RequestURI())
			next.ServeHTTP(w, r)
		})
	}); err != nil {
		log.Fatalf("mockoidc: %v", err)
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatalf("mockoidc: listen %s: %v", *addr, err)
	}
	idle := &idleListener{addr: ln.Addr(), done: make(chan struct{})}
	if err := m.Start(idle, nil); err != nil {
		log.Fatalf("mockoidc: %v", err)
	}

	mux := http.NewServeMux()
	mux.Handle("/oidc/", m.Server.Handler)
	mux.HandleFunc("POST /control/users", func(w http.ResponseWriter, r *http.Request) {
		var u queuedUser
		if err := json.NewDecoder(r.Body).Decode(&u); err != nil || u.Subject == "" {
			http.Error(w, "want a JSON object with at least \"sub\"", http.StatusBadRequest)
			return
		}
		verified := true
		if u.EmailVerified != nil {
			verified = *u.EmailVerified
		}
		m.QueueUser(&user{queuedUser: u, verified: verified})
		log.Printf("queued user sub=%q email=%q preferred_username=%q groups=%q", u.Subject, u.Email, u.PreferredUsername, u.Groups)
		w.WriteHeader(http.StatusNoContent)
	})

	server := &http.Server{Handler: mux}
	go func() {
		if err := server.Serve(ln); err != nil && err != http.ErrServerClosed {
			log.Fatalf("mockoidc: serve: %v", err)
		}
	}()
	// The one line on stdout: the issuer URL, once the provider accepts connections.
	fmt.Println(m.Issuer())

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGINT, syscall.SIGTERM)
	<-stop
	close(idle.done)
	_ = server.Close()
}
