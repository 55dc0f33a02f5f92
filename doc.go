// Package rotonde holds the domain of Rotonde: the types, rules and service
// contracts that every storage engine and every interface implements or uses.
// It imports neither database/sql nor net/http.
package rotonde
