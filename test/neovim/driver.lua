-- Drives Neovim as a person would, after the README's init.lua snippet has been loaded: opens the settings module,
-- waits for Django Ready's diagnostics, applies a quick fix and a fix that creates a file through
-- vim.lsp.buf.code_action() (vim.ui.select answered by code action title), saves, and writes what it saw to
-- $DR_RESULT as JSON. Any failure is written there too, then Neovim quits.
local result = { steps = {} }
if vim.env.DR_LSP_DEBUG then vim.lsp.set_log_level('debug') end
local settings = vim.env.DR_SETTINGS

local function finish()
  vim.fn.writefile({ vim.fn.json_encode(result) }, vim.env.DR_RESULT)
  vim.cmd('qall!')
end

local function codes(buf)
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do table.insert(list, d.code) end
  table.sort(list)
  return list
end

local function find(buf, code)
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.code == code then return d end
  end
end

local function wait(what, ms, predicate)
  if not vim.wait(ms, predicate, 20) then error('timed out waiting for ' .. what) end
end

--- Applies the code action titled `title` on the line of the diagnostic `code`, as the user would pick it.
local function code_action(buf, code, title)
  local d = find(buf, code)
  if not d then error(code .. ' is not reported') end
  vim.api.nvim_win_set_cursor(0, { d.lnum + 1, d.col })
  local offered, picked = {}, false
  vim.ui.select = function(items, _, on_choice)
    local choice
    for _, item in ipairs(items) do
      table.insert(offered, item[2].title)
      if item[2].title == title then choice = item end
    end
    picked = choice ~= nil
    on_choice(choice)
  end
  vim.lsp.buf.code_action()
  wait('the code action menu', 10000, function() return #offered > 0 end)
  if not picked then error('"' .. title .. '" is not offered; offered: ' .. table.concat(offered, ' | ')) end
  return offered
end

local ok, err = pcall(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(settings))
  local buf = vim.api.nvim_get_current_buf()
  wait('the server to attach', 20000, function() return #vim.lsp.buf_get_clients(buf) > 0 end)
  local client = vim.lsp.buf_get_clients(buf)[next(vim.lsp.buf_get_clients(buf))]
  result.client = client.name
  result.root = client.config.root_dir
  wait('diagnostics', 30000, function() return find(buf, 'DR918') ~= nil and find(buf, 'DR701') ~= nil end)
  result.before = codes(buf)
  local first = find(buf, 'DR918')
  result.dr918 = { message = first.message, source = first.source, line = first.lnum }

  -- A quick fix that edits the file (plain `changes`: Neovim 0.7 declares no documentChanges).
  result.offered = code_action(buf, 'DR918', 'Read DEBUG from $DJANGO_DEBUG, default False')
  wait('the DR918 fix in the buffer', 10000, function()
    return table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n'):find('DJANGO_DEBUG', 1, true) ~= nil
  end)
  vim.cmd('write')
  wait('DR918 to go', 20000, function() return find(buf, 'DR918') == nil end)
  table.insert(result.steps, 'quick fix')

  -- A fix that creates a file: a command the server carries out with workspace/applyEdit.
  local created = vim.env.DR_CREATED
  result.offeredCreate = code_action(buf, 'DR701', vim.env.DR_CREATE_TITLE)
  wait('the created file as a buffer', 20000, function()
    local b = vim.fn.bufnr(created)
    return b > 0 and vim.api.nvim_buf_is_loaded(b) and #table.concat(vim.api.nvim_buf_get_lines(b, 0, -1, false), '') > 0
  end)
  local createdBuf = vim.fn.bufnr(created)
  result.createdFiletype = vim.bo[createdBuf].filetype
  result.createdAttached = #vim.tbl_keys(vim.lsp.buf_get_clients(createdBuf))
  vim.cmd('wall')
  result.createdOnDisk = vim.fn.filereadable(created) == 1
  wait('DR701 to go', 20000, function() return find(buf, 'DR701') == nil end)
  table.insert(result.steps, 'file-creating fix')
  result.after = codes(buf)
end)
if not ok then result.error = tostring(err) end
finish()
