-- Drives Neovim as a user would: open a Go file with a finding, wait for
-- ginctxlint's diagnostics, run the quick fix on the stale ignore
-- directive, and wait for the diagnostics of the edited buffer. It writes
-- what it saw as JSON to $RESULT and quits; the Go test judges it.
local result = { steps = {} }

local function finish()
  local f = io.open(os.getenv('RESULT'), 'w')
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd('qall!')
end

local function step(name)
  table.insert(result.steps, name)
end

local ok, err = pcall(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(os.getenv('TARGET')))
  local buf = vim.api.nvim_get_current_buf()
  step('opened')

  local function diags()
    local out = {}
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      local lsp = (d.user_data or {}).lsp or {}
      table.insert(out, { line = d.lnum, col = d.col, code = d.code or lsp.code, source = d.source, message = d.message })
    end
    table.sort(out, function(a, b) return a.line < b.line end)
    return out
  end

  -- Other rules may report here too: wait for the two this test is about.
  local function has(code)
    for _, d in ipairs(diags()) do
      if d.code == code then return true end
    end
    return false
  end

  if not vim.wait(180000, function() return has('ctxcopy') and has('ignore') end, 100) then
    step('timeout waiting for diagnostics')
    return
  end
  result.before = diags()
  step('diagnostics')

  -- The code action at the ignore directive, as the client requests it.
  local target
  for _, d in ipairs(result.before) do
    if d.code == 'ignore' then target = d end
  end
  if not target then
    step('no ignore diagnostic')
    return
  end
  vim.api.nvim_win_set_cursor(0, { target.line + 1, target.col })
  local client = (vim.lsp.get_clients or vim.lsp.get_active_clients)()[1]
  local params = vim.lsp.util.make_range_params(0, client.offset_encoding or 'utf-16')
  params.context = { diagnostics = {} } -- the server matches by range
  local resp = client.request_sync('textDocument/codeAction', params, 10000, buf)
  local actions = resp and resp.result or {}
  result.actions = {}
  for _, a in ipairs(actions) do table.insert(result.actions, a.title) end
  if #actions ~= 1 then
    step('want one code action')
    return
  end
  vim.lsp.util.apply_workspace_edit(actions[1].edit, client.offset_encoding or 'utf-16')
  step('applied')
  result.buffer = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n') .. '\n'

  -- The edit reaches the server as didChange; its diagnostics follow.
  if not vim.wait(60000, function() return not has('ignore') end, 100) then
    step('timeout waiting for diagnostics after the fix')
    result.after = diags()
    return
  end
  result.after = diags()
  step('done')
end)
if not ok then
  result.error = tostring(err)
end
finish()
