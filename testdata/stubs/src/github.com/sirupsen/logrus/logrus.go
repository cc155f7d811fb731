// Package logrus is a stub of github.com/sirupsen/logrus: the functions
// and methods the rules' testdata call.
package logrus

type Logger struct{}

func New() *Logger { return &Logger{} }

func (*Logger) Fatalf(format string, args ...any) {}
func (*Logger) Errorf(format string, args ...any) {}

func Fatal(args ...any)                 {}
func Fatalf(format string, args ...any) {}
func Error(args ...any)                 {}
func Errorf(format string, args ...any) {}
