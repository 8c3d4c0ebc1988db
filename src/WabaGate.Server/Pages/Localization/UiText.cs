namespace WabaGate.Server.Pages.Localization;

/// <summary>The web UI's texts: English is the key (and the text); other languages map it to a translation.</summary>
internal sealed class UiText
{
    private static readonly Dictionary<string, string> None = [];

    private static readonly Dictionary<string, string> PortugueseBrazil = new(StringComparer.Ordinal)
    {
        ["Inbox"] = "Caixa de entrada",
        ["WhatsApp"] = "WhatsApp",
        ["Templates"] = "Modelos",
        ["Approvals"] = "Aprovações",
        ["Webhook events"] = "Eventos de webhook",
        ["Settings"] = "Configurações",
        ["soon"] = "em breve",
        ["Sign in"] = "Entrar",
        ["Sign out"] = "Sair",
        ["Sign in to WabaGate"] = "Entre no WabaGate",
        ["Email"] = "E-mail",
        ["Password"] = "Senha",
        ["Invalid email or password."] = "E-mail ou senha inválidos.",
        ["Too many failed attempts. Try again in a few minutes."] = "Muitas tentativas sem sucesso. Tente novamente em alguns minutos.",
        ["Enter your email and password."] = "Informe seu e-mail e sua senha.",
        ["Your password is set. Sign in with it now."] = "Sua senha foi definida. Entre com ela agora.",
        ["Dashboard"] = "Painel",
        ["Organization"] = "Organização",
        ["Your role"] = "Seu papel",
        ["Mode"] = "Modo",
        ["sandbox"] = "sandbox",
        ["production"] = "produção",
        ["Quick links"] = "Atalhos",
        ["API keys"] = "Chaves de API",
        ["Create and revoke the keys your systems use."] = "Crie e revogue as chaves que seus sistemas usam.",
        ["Try the API"] = "Teste a API",
        ["Sandbox mode: Meta is simulated, nothing reaches real customers."] = "Modo sandbox: a Meta é simulada, nada chega a clientes reais.",
        ["Name"] = "Nome",
        ["Prefix"] = "Prefixo",
        ["Role"] = "Papel",
        ["Created"] = "Criada",
        ["Last used"] = "Último uso",
        ["Status"] = "Situação",
        ["Active"] = "Ativa",
        ["Revoked"] = "Revogada",
        ["Never"] = "Nunca",
        ["Revoke"] = "Revogar",
        ["Create key"] = "Criar chave",
        ["New key name"] = "Nome da nova chave",
        ["No API keys yet."] = "Nenhuma chave de API ainda.",
        ["Copy"] = "Copiar",
        ["Copied"] = "Copiado",
        ["This is the only time the secret is shown. Store it somewhere safe."] = "Esta é a única vez em que o segredo é exibido. Guarde-o em um lugar seguro.",
        ["Key revoked."] = "Chave revogada.",
        ["Set your password"] = "Defina sua senha",
        ["New password"] = "Nova senha",
        ["Confirm password"] = "Confirme a senha",
        ["Save password"] = "Salvar senha",
        ["At least 12 characters."] = "No mínimo 12 caracteres.",
        ["The passwords do not match."] = "As senhas não conferem.",
        ["This link is invalid or has expired. Ask an administrator for a new one."] = "Este link é inválido ou expirou. Peça um novo a um administrador.",
        ["Access denied"] = "Acesso negado",
        ["Your role in this organization does not allow this page."] = "Seu papel nesta organização não permite acessar esta página.",
        ["Back to the dashboard"] = "Voltar ao painel",
        ["Language"] = "Idioma",
    };

    public static IReadOnlyDictionary<string, string> For(string language)
        => language == UiLanguage.BrazilianPortuguese ? PortugueseBrazil : None;
}
