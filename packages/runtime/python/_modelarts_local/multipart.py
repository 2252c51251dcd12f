"""Request bodies as inference code receives them: multipart/form-data and url-encoded forms."""
import collections
import email
import io
from email.message import Message

try:
    from urllib.parse import parse_qsl
except ImportError:  # pragma: no cover
    from urlparse import parse_qsl


class FormError(ValueError):
    pass


def header_param(value, name, header='content-type'):
    msg = Message()
    msg[header] = value
    return msg.get_param(name, header=header)


def parse_multipart(body, content_type):
    """``{field: text}`` for plain fields and ``{field: OrderedDict(filename -> BytesIO)}`` for file fields.

    Every file sent under one field name lands in that field's dict, in request order.
    """
    boundary = header_param(content_type, 'boundary')
    if not boundary:
        raise FormError('multipart body without a boundary')
    delim = b'--' + boundary.encode('latin-1')
    result = collections.OrderedDict()
    pos = body.find(delim)
    if pos < 0:
        raise FormError('multipart boundary not found')
    pos += len(delim)
    while True:
        if body[pos : pos + 2] == b'--':
            return result
        eol = body.find(b'\r\n', pos)
        if eol < 0:
            raise FormError('truncated multipart body')
        start = eol + 2
        end = body.find(b'\r\n' + delim, start)
        if end < 0:
            raise FormError('unterminated multipart part')
        _add_part(result, body[start:end])
        pos = end + 2 + len(delim)


def _add_part(result, part):
    if part.startswith(b'\r\n'):
        raw_headers, content = b'', part[2:]
    else:
        split = part.find(b'\r\n\r\n')
        if split < 0:
            raise FormError('multipart part without a header end')
        raw_headers, content = part[:split], part[split + 4 :]
    # Browsers and curl put UTF-8 file names into the header unencoded.
    headers = email.message_from_string(raw_headers.decode('utf-8', 'replace') + '\r\n\r\n')
    name = headers.get_param('name', header='content-disposition')
    if name is None:
        return
    name = email.utils.collapse_rfc2231_value(name)
    filename = headers.get_filename()
    if filename is not None:
        files = result.get(name)
        if not isinstance(files, collections.OrderedDict):
            files = collections.OrderedDict()
            result[name] = files
        files[filename] = io.BytesIO(content)
    else:
        charset = headers.get_content_charset() or 'utf-8'
        result[name] = content.decode(charset, 'replace')


def parse_urlencoded(body):
    return collections.OrderedDict(parse_qsl(body.decode('utf-8', 'replace'), keep_blank_values=True))
