"""Words that tell what a figure is, in the languages carriers write in.

English, Spanish, Portuguese, French, German, Italian, Polish, Russian, Swedish,
Hungarian and Chinese. Each cue is a regular expression; Latin and Cyrillic
words must stand alone (no letter on either side), Chinese ones need not.
"""

# Cyrillic letters in this module are Russian words and units, not look-alikes.
# ruff: noqa: RUF001

from __future__ import annotations

from enum import StrEnum
import re

from .found import Found

_LETTER = r"A-Za-z\u00c0-\u024f\u0400-\u04ff"


class Cue(StrEnum):
    """What a keyword says about the figure near it."""

    BALANCE = "balance"
    DATA = "data"
    REMAINING = "remaining"
    HAVE = "have"
    PLAN = "plan"
    USED = "used"
    TOTAL = "total"
    BONUS = "bonus"
    PRICE = "price"
    TOP_UP = "top_up"
    EXPIRY = "expiry"
    NOT_EXPIRY = "not_expiry"
    VALIDITY = "validity"
    OFFER = "offer"
    UNLIMITED = "unlimited"
    VOICE = "voice"
    LOW_HINT = "low_hint"


def _words(*alternatives: str) -> str:
    return rf"(?<![{_LETTER}])(?:{'|'.join(alternatives)})(?![{_LETTER}])"


def _cjk(*alternatives: str) -> str:
    return "|".join(alternatives)


_CUE_PATTERNS: dict[Cue, str] = {
    Cue.BALANCE: "|".join(
        (
            _words(
                "balance",
                "bal",
                "credit",
                "airtime",
                "funds",
                "main account",
                "unused credit",
                "saldo",
                "saldot",
                "cr[ée]dito",
                "solde",
                "cr[ée]dit",
                "compte principal",
                "guthaben",
                "restguthaben",
                "kontostand",
                "credito residuo",
                "stan konta",
                "[śs]rodki",
                "na koncie",
                "konto g[łl][óo]wne",
                "баланс\\w*",
                "на сч[её]те",
                "основной сч[её]т",
                "balans",
                "egyenleg\\w*",
            ),
            _cjk("话费余额", "账户余额", "可用余额", "余额", "话费"),
        )
    ),
    Cue.DATA: "|".join(
        (
            _words(
                "data",
                "internet\\w*",
                "high[- ]speed",
                "bundle",
                "allowance",
                "datos",
                "navegaci[óo]n",
                "dados",
                "franquia",
                "donn[ée]es",
                "daten\\w*",
                "datenvolumen",
                "volumen",
                "surf\\w*",
                "giga",
                "dati",
                "traffico",
                "dane",
                "transfer",
                "pakiet\\w*",
                "интернет\\w*",
                "трафик\\w*",
                "mobildata",
                "adat\\w*",
                "mobilnet\\w*",
            ),
            _cjk("流量", "数据", "上网"),
        )
    ),
    Cue.REMAINING: "|".join(
        (
            _words(
                "remaining",
                "left",
                "available",
                "rest",
                "quedan?",
                "te quedan",
                "le quedan",
                "restantes?",
                "disponibles?",
                "dispon[íi]ve(?:l|is)",
                "restam?",
                "restants?",
                "reste",
                "il vous reste",
                "verbleibend\\w*",
                "restvolumen",
                "noch",
                "[üu]brig\\w*",
                "verf[üu]gbar\\w*",
                "residu[oiae]",
                "rimanent[ei]",
                "disponibil[ei]",
                "ti restano",
                "restano",
                "ancora",
                "pozosta[łl]\\w*",
                "pozostaje",
                "dost[ęe]pn\\w*",
                "do wykorzystania",
                "остал\\w*",
                "остаток\\w*",
                "доступн\\w*",
                "kvar",
                "[åa]terst[åa]ende",
                "tillg[äa]nglig\\w*",
                "maradt",
                "megmaradt",
                "fennmarad[óo]",
                "rendelkez[ée]sre [áa]ll[óo]",
                "h[áa]tral[ée]v[őo]",
                "marad[ée]k\\w*",
                "m[ée]g",
            ),
            _cjk("剩余", "剩", "可用", "尚余", "还有", "余量"),
        )
    ),
    Cue.HAVE: _words(
        "you have",
        "you've got",
        "you still have",
        "tienes",
        "tiene",
        "voc[êe] tem",
        "ainda tem",
        "vous avez",
        "sie haben",
        "du hast",
        "hai ancora",
        "hai",
        "masz",
        "у вас",
        "du har",
    ),
    Cue.PLAN: _words(
        "plan",
        "tariff",
        "tarif\\w*",
        "forfait",
        "pack",
        "package",
        "тариф\\w*",
    ),
    Cue.USED: "|".join(
        (
            _words(
                "used",
                "consumed",
                "usage",
                "utili[sz]ed",
                "spent",
                "consumid[oa]s?",
                "usad[oa]s?",
                "utilizad[oa]s?",
                "gastad[oa]s?",
                "consumo",
                "consomm[ée]e?s?",
                "utilis[ée]e?s?",
                "consommation",
                "conso",
                "verbraucht\\w*",
                "genutzt\\w*",
                "verbrauch",
                "consumat[oaie]",
                "utilizzat[oaie]",
                "usat[oaie]",
                "wykorzysta[nł]\\w*",
                "zu[żz]yt\\w*",
                "zu[żz]ycie",
                "израсходова\\w*",
                "использова\\w*",
                "потрачен\\w*",
                "f[öo]rbruka\\w*",
                "anv[äa]nt",
                "anv[äa]nd\\w*",
                "felhaszn[áa]l\\w*",
                "elhaszn[áa]l\\w*",
            ),
            _cjk("已使用", "已用", "使用了", "已消耗"),
        )
    ),
    Cue.TOTAL: "|".join(
        (
            _words(
                "total\\w*",
                "plan size",
                "gesamt\\w*",
                "insgesamt",
                "[łl][ąa]cznie",
                "ca[łl]kowit\\w*",
                "всего",
                "общ\\w*",
                "totalt",
                "[öo]sszes\\w*",
                "teljes",
            ),
            _cjk("总量", "总", "共"),
        )
    ),
    Cue.BONUS: "|".join(
        (
            _words(
                "bonus\\w*",
                "extra",
                "promo\\w*",
                "roll-?over",
                "regalo",
                "bonificaci[óo]n",
                "pr[ée]mio",
                "gratuit\\w*",
                "бонус\\w*",
                "aj[áa]nd[ée]k\\w*",
                "dodatkow\\w*",
            ),
            _cjk("赠送", "奖励", "额外"),
        )
    ),
    Cue.PRICE: "|".join(
        (
            _words(
                "for",
                "at",
                "costs?",
                "price",
                "fee",
                "add",
                "pay",
                "need",
                "per",
                "f[üu]r",
                "kostet",
                "preis",
                "por",
                "precio",
                "cuesta",
                "pour",
                "prix",
                "co[ûu]te",
                "costo",
                "prezzo",
                "costa",
                "za",
                "kosztuje",
                "cena",
                "за",
                "стоимость\\w*",
                "цена",
                "f[öo]r",
                "kostar",
                "pris",
                "[ée]rt",
                "d[íi]j\\w*",
                "[áa]r",
            ),
            _cjk("资费", "仅需", "只需", "费用"),
        )
    ),
    Cue.TOP_UP: "|".join(
        (
            _words(
                "recharge[sd]?",
                "recharge of",
                "top[- ]?ups?",
                "top(?:ped)? up",
                "refill\\w*",
                "credited",
                "added",
                "recarga\\w*",
                "recargad[oa]s?",
                "recarregad[oa]s?",
                "recharg[ée]e?s?",
                "rechargement",
                "aufgeladen",
                "aufladung",
                "gutgeschrieben",
                "ricaric\\w*",
                "do[łl]adowan\\w*",
                "пополн\\w*",
                "зачислен\\w*",
                "p[åa]fyllning",
                "laddat",
                "laddning",
                "felt[öo]lt\\w*",
                "j[óo]v[áa][íi]r\\w*",
            ),
            _cjk("充值", "到账", "充入"),
        )
    ),
    Cue.EXPIRY: "|".join(
        (
            _words(
                "valid (?:until|till|thru|through|to)",
                "good until",
                "expires?",
                "expiry",
                "expiration",
                "exp",
                "val",
                "runs out(?: on)?",
                "expire on",
                "renews?",
                "renewal",
                "renew on",
                "until",
                "till",
                "due",
                "ends",
                "end date",
                "v[áa]lid[oa] hasta",
                "hasta(?: el)?",
                "vence\\w*",
                "vencimiento",
                "vigencia",
                "vigente(?: hasta| al)?",
                "caduca\\w*",
                "expira\\w*",
                "v[áa]lid[oa] at[ée]",
                "at[ée]",
                "validade",
                "vencimento",
                "renova\\w*",
                "valable jusqu.au",
                "jusqu.au",
                "valide jusqu.au",
                "date d.expiration",
                "validit[ée]",
                "[ée]ch[ée]ance",
                "renouvel\\w*",
                "g[üu]ltig bis",
                "bis",
                "l[äa]uft\\w* ab",
                "ablauf\\w*",
                "verl[äa]ngert\\w*",
                "endet am",
                "g[üu]ltigkeit",
                "valid[oa] fino al",
                "fino al",
                "scadenza",
                "scade il",
                "scade",
                "rinnov\\w*",
                "wa[żz]n[yea] do",
                "do dnia",
                "do",
                "wa[żz]no[śs][ćc]",
                "wygasa\\w*",
                "odnowi\\w*",
                "действует до",
                "действителен до",
                "до",
                "срок действия",
                "истека\\w*",
                "продл\\w*",
                "giltig[t]? till",
                "g[äa]ller till",
                "t\\.o\\.m\\.?",
                "till",
                "g[åa]r ut",
                "f[öo]rnyas",
                "[ée]rv[ée]nyes\\w*",
                "lej[áa]r\\w*",
                "meg[úu]jul\\w*",
            ),
            _cjk("有效期至", "有效期到", "有效期", "到期", "截止"),
        )
    ),
    Cue.NOT_EXPIRY: "|".join(
        (
            _words(
                "last (?:recharge|top[- ]?up|call|payment|refill)",
                "since",
                "from",
                "activated",
                "desde",
                "depuis",
                "seit",
                "dal",
                "od",
                "с",
                "fr[åa]n",
                "[óo]ta",
                "letzte aufladung",
                "[úu]ltima recarga",
                "derni[èe]re recharge",
                "ultima ricarica",
                "ostatnie do[łl]adowanie",
                "последнее пополнение",
                "senaste",
                "utols[óo]",
            ),
            _cjk("上次", "自"),
        )
    ),
    Cue.VALIDITY: "|".join(
        (
            _words(
                "valid(?:ity)?(?: for)?",
                "expires? in",
                "v[áa]lid[oa]s?(?: por| durante)?",
                "v[áa]lida por",
                "vigencia(?: de)?",
                "vence en",
                "expira em",
                "valable(?: pendant)?",
                "expire dans",
                "g[üu]ltig(?: f[üu]r)?",
                "l[äa]uft in",
                "valid[oa](?: per)?",
                "scade tra",
                "wa[żz]n[yea](?: przez)?",
                "wygasa za",
                "действ\\w*(?: в течение)?",
                "истекает через",
                "giltig\\w*(?: i)?",
                "g[äa]ller(?: i)?",
                "g[åa]r ut om",
                "[ée]rv[ée]nyes\\w*",
            ),
            _cjk("有效期", "有效"),
        )
    ),
    Cue.OFFER: "|".join(
        (
            _words(
                "buy",
                "purchase",
                "subscribe",
                "get",
                "offers?",
                "deal",
                "reply",
                "activate",
                "sign up",
                "kaufen",
                "buchen",
                "angebot\\w*",
                "aktivier\\w*",
                "compra\\w*",
                "contrata\\w*",
                "oferta\\w*",
                "responde\\w*",
                "assin\\w*",
                "compre",
                "ative",
                "achetez",
                "souscri\\w*",
                "activez",
                "profitez",
                "acquista\\w*",
                "kup\\w*",
                "aktywuj\\w*",
                "купи\\w*",
                "подключи\\w*",
                "предлож\\w*",
                "k[öo]p",
                "erbjudande\\w*",
                "aktivera",
                "v[áa]s[áa]rol\\w*",
                "rendeld",
                "aj[áa]nlat\\w*",
            ),
            _cjk("办理", "订购", "购买", "回复", "优惠", "推荐"),
        )
    ),
    Cue.UNLIMITED: "|".join(
        (
            _words(
                "unlimited",
                "no limit",
                "ilimitad[oa]s?",
                "sin l[íi]mite",
                "illimitat[oaie]",
                "illimit[ée]e?s?",
                "unbegrenzt\\w*",
                "unlimitiert\\w*",
                "nielimitowan\\w*",
                "bez limitu",
                "безлимит\\w*",
                "неограничен\\w*",
                "obegr[äa]nsa\\w*",
                "korl[áa]tlan\\w*",
            ),
            _cjk("无限量", "无限", "不限量"),
        )
    ),
    Cue.VOICE: "|".join(
        (
            _words(
                "talk",
                "texts?",
                "calls?",
                "minutes?",
                "mins?",
                "sms",
                "voz",
                "llamadas",
                "minutos",
                "liga[çc][õo]es",
                "chamadas",
                "appels",
                "telefonie",
                "anrufe",
                "minuten",
                "chiamate",
                "minuti",
                "rozmowy",
                "minuty",
                "звонки",
                "минут\\w*",
                "samtal",
                "h[íi]v[áa]s\\w*",
            ),
            _cjk("通话", "短信", "语音"),
        )
    ),
    Cue.LOW_HINT: "|".join(
        (
            _words(
                "only",
                "nur noch",
                "s[óo]lo",
                "apenas",
                "seulement",
                "plus que",
                "soltanto",
                "solo",
                "tylko",
                "лишь",
                "только",
                "bara",
                "csak",
            ),
            _cjk("仅剩", "只剩"),
        )
    ),
}

# Cues start at the start of a word or at a Chinese character: checking that
# once, before the alternatives, spares trying them all inside every word.
_CUE_START = rf"(?:(?<![{_LETTER}])|(?=[\u3400-\u9fff]))"
_CUES = re.compile(
    _CUE_START
    + "(?:"
    + "|".join(f"(?P<{cue.name}>{pattern})" for cue, pattern in _CUE_PATTERNS.items())
    + ")",
    re.IGNORECASE,
)


def find_cues(text: str) -> list[Found[Cue]]:
    """Find every keyword cue in ``text`` (the first cue wins where they overlap)."""
    return [
        Found(match.start(), match.end(), Cue[match.lastgroup])
        for match in _CUES.finditer(text)
        if match.lastgroup is not None
    ]


# Cues written after the figure they describe ("2 GB left", "3 GB kvar").
_AFTER_FIGURE: dict[Cue, re.Pattern[str]] = {
    cue: re.compile(
        rf"^[\s:)]*(?:[^\W\d][\w'-]*\s+){{0,3}}?(?:{pattern})", re.IGNORECASE
    )
    for cue, pattern in {
        Cue.REMAINING: "|".join(
            (
                _words(
                    "left",
                    "remaining",
                    "available",
                    "restantes?",
                    "disponibles?",
                    "restants?",
                    "verbleibend\\w*",
                    "[üu]brig",
                    "rimanenti",
                    "residui",
                    "disponibili",
                    "do wykorzystania",
                    "осталось",
                    "kvar",
                    "maradt",
                    "felhaszn[áa]lhat[óo]",
                ),
                _cjk("可用", "剩余"),
            )
        ),
        Cue.USED: "|".join(
            (
                _words(
                    "used",
                    "consumed",
                    "consumidos?",
                    "usados?",
                    "utilizados?",
                    "consomm[ée]s?",
                    "utilis[ée]s?",
                    "verbraucht",
                    "consumati",
                    "utilizzati",
                    "wykorzystan\\w*",
                    "израсходовано",
                    "использовано",
                    "f[öo]rbrukat",
                    "anv[äa]nt",
                    "felhaszn[áa]lva",
                ),
                _cjk("已用", "已使用"),
            )
        ),
        Cue.BONUS: _words(
            "bonus\\w*", "extra", "promo\\w*", "roll-?over", "gratis", "de regalo"
        ),
        Cue.BALANCE: _words("bal", "balance", "saldo", "credit", "cr[ée]dito?"),
        Cue.TOP_UP: _words(
            "added",
            "credited",
            "aufgeladen",
            "gutgeschrieben",
            "recarregad[oa]s?",
            "ricaricat[oi]",
            "зачислен\\w*",
        ),
        Cue.EXPIRY: "|".join(
            (
                r"-?ig(?![\w])",
                _words("lej[áa]r\\w*", "[ée]rv[ée]nyes\\w*"),
                _cjk("到期", "前有效", "止"),
            ),
        ),
        Cue.VALIDITY: "|".join(
            (
                _words("[ée]rv[ée]nyes\\w*", "m[úu]lva"),
                _cjk("内有效", "有效", "后到期"),
            ),
        ),
    }.items()
}


def cue_after(text: str, cue: Cue) -> bool:
    """Return whether ``text`` (what follows a figure) starts with ``cue``."""
    return _AFTER_FIGURE[cue].match(text) is not None
