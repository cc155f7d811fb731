-- A user's Neovim configuration for ginctxlint, as in docs/editors.md,
-- plus a fallback for Neovim 0.7 (Debian 12 ships 0.7.2), which has
-- vim.lsp.start_client but not vim.lsp.start (0.8+).
vim.cmd('filetype on')

vim.api.nvim_create_autocmd('FileType', {
  pattern = 'go',
  callback = function(args)
    local gomod = vim.fn.findfile('go.mod', vim.fn.fnamemodify(vim.api.nvim_buf_get_name(args.buf), ':p:h') .. ';')
    local config = {
      name = 'ginctxlint',
      cmd = { os.getenv('GINCTXLINT') or 'ginctxlint', 'lsp' },
      root_dir = gomod ~= '' and vim.fn.fnamemodify(gomod, ':p:h') or nil,
    }
    if vim.lsp.start then
      vim.lsp.start(config)
    else
      vim.lsp.buf_attach_client(args.buf, vim.lsp.start_client(config))
    end
  end,
})
