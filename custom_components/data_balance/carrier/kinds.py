"""Tell what kind of message a carrier text is."""

from __future__ import annotations

import re

from .figures import Figures
from .report import MessageKind

# Phrases start at a word, a figure or a Chinese character, never inside a word.
_WORD_START = r"(?:(?<![A-Za-z\u00c0-\u024f\u0400-\u04ff])|(?=[\u3400-\u9fff]))"

_TOP_UP = re.compile(
    _WORD_START + r"(?:"
    r"recharge (?:was |is )?successful|successfully (?:recharged|topped up|refilled)"
    r"|top[- ]?up (?:was |is )?successful|refill (?:was |is )?successful"
    r"|you have (?:successfully )?(?:recharged|topped up|refilled)"
    r"|has been (?:credited|added|topped up|recharged|refilled)|payment (?:was )?received"
    r"|recarga (?:exitosa|realizada|efectuada|aplicada|con [ée]xito|efetuada|conclu[íi]da)"
    r"|recarga .{0,30}(?:efetuada|realizada|conclu[íi]da|efectuada|exitosa)"
    r"|has recargado|se ha recargado|recarregad|recharge (?:effectu[ée]e|r[ée]ussie|valid[ée]e)"
    r"|recharge .{0,40}(?:prise en compte|effectu[ée]e|r[ée]ussie)|rechargement (?:effectu[ée]|r[ée]ussi)|a [ée]t[ée] recharg|vous avez recharg"
    r"|aufladung (?:war )?(?:erfolgreich|erfolgt)|aufgeladen|gutgeschrieben"
    r"|ricarica (?:effettuata|riuscita|avvenuta|ricevuta)|hai ricaricato"
    r"|do[łl]adowan\w* .{0,40}(?:zako[ńn]czon|udane|przyj[ęe]t)|do[łl]adowano|zosta[łl]o do[łl]adowane"
    r"|сч[её]т пополнен|пополнен\w* на|зачислен|платеж\w* (?:прин|зачисл)"
    r"|p[åa]fyllning .{0,30}(?:genomf[öo]rd|lyckades)|laddning (?:genomf[öo]rd|klar)|du har laddat|har laddats"
    r"|felt[öo]lt[ée]s (?:sikeres|megt[öo]rt[ée]nt)|sikeres felt[öo]lt|sikeresen felt[öo]lt|j[óo]v[áa][íi]rtunk"
    r"|充值成功|成功充值|已到账|缴费成功"
    r")",
    re.IGNORECASE,
)
_LOW_DATA = re.compile(
    _WORD_START + r"(?:"
    r"running low|low on data|almost (?:used up|out|finished|exhausted|gone)|nearly (?:used|run out|gone)"
    r"|you(?:'ve| have) used \d{1,3} ?%|\d{1,3} ?% of (?:your )?(?:data|high[- ]speed|allowance|plan)"
    r"|used up|used all|(?:run|ran) out of data|reached (?:your|the) (?:data )?(?:limit|allowance|cap)"
    r"|speeds? (?:have been|has been|will be) (?:reduced|slowed)"
    r"|se est[áa] agotando|casi agotad|has consumido (?:el )?\d{1,3} ?%|agotad[oa]"
    r"|est[áa] acabando|acabou|esgotou|quase esgotad|consumiu \d{1,3} ?%|esgotad[oa]"
    r"|bient[ôo]t [ée]puis[ée]|presque [ée]puis[ée]|avez consomm[ée] \d{1,3} ?%|[ée]puis[ée]"
    r"|(?:fast|bald) aufgebraucht|\d{1,3} ?% (?:deines|ihres|des)|aufgebraucht"
    r"|quasi esaurit|esaurit|hai consumato (?:il |l')?\d{1,3} ?%"
    r"|wykorzysta[łl]e[śs] \d{1,3} ?%|ko[ńn]czy ci si[ęe]|wyczerpan"
    r"|заканчивается (?:интернет|трафик|пакет)|(?:интернет|трафик|пакет)\S* заканчива|израсходовали \d{1,3} ?%|исчерпан|закончил(?:ся|ись) (?:интернет|трафик)"
    r"|snart slut|har f[öo]rbrukat \d{1,3} ?%|slut p[åa] (?:surf|data)"
    r"|hamarosan elfogy|elfogyott|felhaszn[áa]ltad .{0,40}\d{1,3} ?%"
    r"|即将用完|已用完|流量不足|余量不足|已使用\d{1,3} ?%"
    r")",
    re.IGNORECASE,
)
_EXPIRY_WARNING = re.compile(
    _WORD_START + r"(?:"
    r"expires? (?:in|within|tomorrow|today|soon)|will expire|is expiring|expiring soon"
    r"|about to expire|due to expire|(?:plan|package|bundle|pack) (?:ends|will end) (?:in|tomorrow|today)"
    r"|vence (?:en|ma[ñn]ana|hoy)|vencer[áa]|caduca (?:en|ma[ñn]ana|hoy)|caducar[áa]|expira (?:en|ma[ñn]ana|hoy)"
    r"|expira (?:em|amanh[ãa]|hoje)|vai expirar|vence (?:em|amanh[ãa])|ir[áa] expirar"
    r"|expire (?:dans|demain|aujourd.hui)|va expirer|expirera|arrive [àa] [ée]ch[ée]ance"
    r"|l[äa]uft (?:in \d+ \w+|morgen|heute|bald) ab|endet (?:in|morgen|heute)"
    r"|scade (?:tra|fra|domani|oggi)|scadr[àa]|in scadenza"
    r"|wygasa (?:za|jutro|dzi[śs])|wyga[śs]nie|ko[ńn]czy si[ęe] wa[żz]no[śs][ćc]"
    r"|истекает (?:через|завтра|сегодня)|истеч[её]т|заканчивается срок"
    r"|g[åa]r ut (?:om|i morgon|idag)|l[öo]per ut"
    r"|lej[áa]r (?:holnap|ma)|m[úu]lva lej[áa]r|hamarosan lej[áa]r"
    r"|即将到期|天后到期|将于.{0,20}到期|即将过期"
    r")",
    re.IGNORECASE,
)


def message_kind(message: str, figures: Figures) -> MessageKind:
    """Return the kind a message announces; OTHER when it announces none."""
    if _TOP_UP.search(message):
        return MessageKind.TOP_UP
    if _LOW_DATA.search(message) or figures.low_data_hint:
        return MessageKind.LOW_DATA
    if _EXPIRY_WARNING.search(message):
        return MessageKind.EXPIRY_WARNING
    return MessageKind.OTHER
