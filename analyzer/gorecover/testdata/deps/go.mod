module example.com/deps

go 1.25

require (
	example.com/kit v1.0.0
	github.com/bytedance/gopkg v0.1.4
	github.com/zeromicro/go-zero v1.10.3
)

replace (
	example.com/kit => ./kit
	github.com/bytedance/gopkg => ./gopkg
	github.com/zeromicro/go-zero => ./gozero
)
