-- Neovim (0.7+, no inline completion support) drives the real server binary unchanged:
-- lifecycle, model status, textDocument/completion, assistant/explain, code actions.
-- Run by neovim-smoke.sh; prints one "PASS name" or "FAIL name: why" line per check.
local server, model, workdir = os.getenv("ASSISTANT_LSP"), os.getenv("ASSISTANT_MODEL"), os.getenv("ASSISTANT_WORKDIR")
local results = {}
local function check(name, ok, why)
  table.insert(results, (ok and "PASS " or "FAIL ") .. name .. (ok and "" or (": " .. tostring(why))))
end

local client_id = vim.lsp.start_client({
  name = "assistant-lsp",
  cmd = { server, "--stdio", "--model", model, "--log", workdir .. "/server.log" },
  root_dir = workdir,
})
vim.cmd("edit " .. workdir .. "/demo.py")
local buf = vim.api.nvim_get_current_buf()
vim.lsp.buf_attach_client(buf, client_id)
local client = vim.lsp.get_client_by_id(client_id)
vim.wait(15000, function() return client.initialized end, 50)
check("initialize", client.initialized, "not initialized")
check("utf-16 positions", client.server_capabilities and client.server_capabilities.positionEncoding == "utf-16",
  vim.inspect(client.server_capabilities))

local ready = false
for _ = 1, 150 do
  local r = client.request_sync("assistant/status", {}, 2000, buf)
  if r and r.result and r.result.state == "ready" then ready = true break end
  vim.wait(100)
end
check("model ready", ready, "status never became ready")

local uri = vim.uri_from_bufnr(buf)
local r = client.request_sync("textDocument/completion", { textDocument = { uri = uri }, position = { line = 1, character = 4 } }, 15000, buf)
local items = r and r.result and (r.result.items or r.result) or {}
local first = items[1]
check("completion item", first and first.textEdit and first.textEdit.newText:find("return a + b", 1, true) ~= nil, vim.inspect(r))
check("completion has no reasoning", first and not first.textEdit.newText:find("think", 1, true), vim.inspect(first))

local range = { start = { line = 0, character = 0 }, ["end"] = { line = 1, character = 4 } }
local e = client.request_sync("assistant/explain", { textDocument = { uri = uri }, range = range }, 15000, buf)
local explain = e and e.result
check("explain answer", explain and explain.answer and explain.answer:find("return a + b", 1, true) ~= nil, vim.inspect(e))
check("explain reasoning apart", explain and explain.reasoning and explain.reasoning:find("add two numbers", 1, true) ~= nil
  and not explain.answer:find("add two numbers", 1, true), vim.inspect(explain))

local a = client.request_sync("textDocument/codeAction", { textDocument = { uri = uri }, range = range, context = { diagnostics = {} } }, 15000, buf)
check("code actions listed", a and a.result and #a.result > 0, vim.inspect(a))

local bad = client.request_sync("textDocument/completion", { textDocument = { uri = "file:///not/open.py" }, position = { line = 0, character = 0 } }, 15000, buf)
check("unopened document is a clear error", bad and bad.err and tostring(bad.err.message):find("not open", 1, true) ~= nil, vim.inspect(bad))

client.stop()
vim.wait(5000, function() return client.is_stopped() end, 50)
check("shutdown and exit", client.is_stopped(), "client not stopped")
vim.fn.writefile(results, workdir .. "/results.txt")
vim.cmd("qa!")
