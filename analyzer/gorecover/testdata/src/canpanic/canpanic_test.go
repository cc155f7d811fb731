package canpanic

import "github.com/gorilla/websocket"

func init() {
	writeJSON = func(conn *websocket.Conn, v any) error { return nil }
}

func replaceProbe() {
	old := probe
	probe = func(string) int { return 0 }
	defer func() { probe = old }()
}
